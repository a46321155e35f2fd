import type { Migration } from './types';

// Indexes for the portfolio overview at thousands of clients (issue 19: 5,000 clients × 6 cycles within
// 300 ms). Each turns a per-client scan in OVERVIEW_SQL (electron/portfolio/portfolio-service.ts) into
// one index lookup that never reads the table:
// - a client's latest accredited cycle: the cycle and both accreditation dates are in the index;
// - a client's last check: MAX(finished_at) of its probe runs, whichever kind and target, grows with every
//   run ever made (probe_runs_client orders by kind and target first, so it scanned them all);
// - the newest change in the workspace (the clock warning): MAX(updated_at) without reading every assessment.
export const migration0014: Migration = {
  version: 14,
  name: 'portfolio-indexes',
  sql: `
CREATE INDEX assessments_accreditation ON assessments (client_id, cycle DESC, accredited_on, expires_on);
CREATE INDEX probe_runs_last ON probe_runs (client_id, finished_at);
CREATE INDEX assessments_updated ON assessments (updated_at);
`,
};
