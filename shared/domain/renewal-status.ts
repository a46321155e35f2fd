import { daysBetween } from './dates';

// Where a client stands in the yearly cycle, for the portfolio's status breakdown and reminders.
export const RENEWAL_STATUSES = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'awaiting-outcome': 'Awaiting NHS outcome',
  accredited: 'Accredited',
  'renewal-due': 'Renewal due',
  expired: 'Expired',
} as const;
export type RenewalStatus = keyof typeof RENEWAL_STATUSES;

// Start the renewal this many days before accreditation expires.
export const RENEWAL_LEAD_DAYS = 60;

export interface RenewalInput {
  today: string;
  // The latest accreditation granted, if any.
  expiresOn?: string;
  // The most recent cycle's assessment status, if any.
  currentStatus?: 'draft' | 'ready' | 'signed';
  currentSubmitted?: boolean;
  // True when the most recent cycle is the one that holds the accreditation above.
  currentIsAccredited?: boolean;
}

export function renewalStatus(i: RenewalInput): { status: RenewalStatus; daysLeft?: number } {
  const daysLeft = i.expiresOn ? daysBetween(i.today, i.expiresOn) : undefined;
  if (daysLeft !== undefined && i.currentIsAccredited !== false) {
    if (daysLeft < 0) return { status: 'expired', daysLeft };
    if (daysLeft <= RENEWAL_LEAD_DAYS) return { status: 'renewal-due', daysLeft };
    return { status: 'accredited', daysLeft };
  }
  // A newer cycle is under way after an earlier accreditation: urgency still comes from the expiry.
  if (daysLeft !== undefined) {
    if (i.currentStatus === 'signed' && i.currentSubmitted) return { status: daysLeft < 0 ? 'expired' : 'awaiting-outcome', daysLeft };
    if (daysLeft < 0) return { status: 'expired', daysLeft };
    if (daysLeft <= RENEWAL_LEAD_DAYS) return { status: 'renewal-due', daysLeft };
    return { status: 'accredited', daysLeft };
  }
  if (!i.currentStatus) return { status: 'not-started' };
  if (i.currentStatus === 'signed' && i.currentSubmitted) return { status: 'awaiting-outcome' };
  return { status: 'in-progress' };
}
