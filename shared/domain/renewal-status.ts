import { addMonths, daysBetween, isIsoDate } from './dates';

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

export interface RenewalDates {
  accreditedOn?: string | null;
  expiresOn?: string | null;
}

// The expiry to reckon with, from dates as stored: a missing expiry is one year after accreditation (as the
// NHS grants it); an unreadable date counts as missing; dates that cannot be right say so.
export function effectiveExpiry(d: RenewalDates, today: string): { expiresOn?: string; warning?: string } {
  const accredited = d.accreditedOn && isIsoDate(d.accreditedOn) ? d.accreditedOn : undefined;
  const stored = d.expiresOn && isIsoDate(d.expiresOn) ? d.expiresOn : undefined;
  const bad = (d.accreditedOn && !accredited) || (d.expiresOn && !stored);
  const expiresOn = stored ?? (accredited ? addMonths(accredited, 12) : undefined);
  if (bad)
    return {
      expiresOn,
      warning: `has an unreadable accreditation date; ${expiresOn ? `assumed to expire on ${expiresOn}` : 'treated as not accredited'}`,
    };
  if (accredited && accredited > today)
    return { expiresOn, warning: `was accredited on ${accredited}, after today (${today}): check the date, or this computer's clock` };
  if (accredited && !stored)
    return { expiresOn, warning: `has no expiry date recorded; assumed one year after accreditation (${expiresOn})` };
  if (accredited && stored && stored <= accredited)
    return { expiresOn, warning: `expires (${stored}) before it was accredited (${accredited}): check the dates` };
  return { expiresOn };
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
