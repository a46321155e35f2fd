import type { PortfolioRow } from '../../../../shared/contract/portfolio';
import type { RenewalStatus } from '../../../../shared/domain/renewal-status';

export type SortKey = 'name' | 'status' | 'daysLeft' | 'percent' | 'failing' | 'evidence';
export interface PortfolioFilter {
  search: string;
  status: RenewalStatus | 'all';
  route: PortfolioRow['route'] | 'all';
  dueWithinDays?: number;
}

// Urgency order for the status column: what needs attention first.
const STATUS_ORDER: Record<RenewalStatus, number> = {
  expired: 0,
  'renewal-due': 1,
  'in-progress': 2,
  'not-started': 3,
  'awaiting-outcome': 4,
  accredited: 5,
};

export function filterRows(rows: PortfolioRow[], f: PortfolioFilter): PortfolioRow[] {
  const q = f.search.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!q || r.legalName.toLowerCase().includes(q) || r.odsCode.toLowerCase().includes(q)) &&
      (f.status === 'all' || r.status === f.status) &&
      (f.route === 'all' || r.route === f.route) &&
      (f.dueWithinDays === undefined || (r.daysLeft !== undefined && r.daysLeft <= f.dueWithinDays)),
  );
}

export function sortRows(rows: PortfolioRow[], key: SortKey, dir: 'asc' | 'desc'): PortfolioRow[] {
  const value = (r: PortfolioRow): number | string => {
    switch (key) {
      case 'name':
        return r.legalName.toLowerCase();
      case 'status':
        return STATUS_ORDER[r.status] * 100000 + (r.daysLeft ?? 99999);
      case 'daysLeft':
        return r.daysLeft ?? Number.MAX_SAFE_INTEGER;
      case 'percent':
        return r.current?.percent ?? -1;
      case 'failing':
        return r.failingChecks;
      case 'evidence':
        return r.evidenceExpiring;
    }
  };
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -1 : x > y ? 1 : a.legalName.localeCompare(b.legalName)) * sign;
  });
}

// Accreditation expiries per month for the next twelve months, starting with the current month.
export function expiriesByMonth(rows: PortfolioRow[], today: string): { month: string; label: string; count: number; clients: string[] }[] {
  const start = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1));
    const month = d.toISOString().slice(0, 7);
    const inMonth = rows.filter((r) => r.expiresOn?.startsWith(month));
    return {
      month,
      label: d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' }),
      count: inMonth.length,
      clients: inMonth.map((r) => r.legalName),
    };
  });
}
