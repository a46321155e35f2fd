import type { Migration } from './types';

export const migration0008: Migration = {
  version: 8,
  name: 'renewals',
  sql: `
-- An answer carried into a renewal keeps the assessment it came from until someone re-confirms it.
ALTER TABLE responses ADD COLUMN carried_from TEXT;
-- The portfolio sorts and filters on accreditation expiry and status across hundreds of clients.
CREATE INDEX assessments_expiry ON assessments (expires_on);
CREATE INDEX assessments_status ON assessments (status, client_id);
`,
};
