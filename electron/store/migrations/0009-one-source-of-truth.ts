import type { Migration } from './types';

export const migration0009: Migration = {
  version: 9,
  name: 'one-source-of-truth',
  sql: `
-- Every fact a statement prints is entered once. DSPT (ELIG-03), data location (TECH-08), ISO 27001 (ICT-01)
-- and the pen test / ITHC (ICT-02) used to be asked twice: in the checklist and in the statement details. The
-- checklist answer is now the only input. Where both held a value, the one entered last is kept (the statement
-- details' updated_at against the response's), the duplicate keys leave the statement details, and each merge
-- is listed in fact_merges for the backend to record in the audit trail (store/fact-merges.ts), since the
-- hash chain is computed outside SQL.
CREATE TABLE fact_merges (
  id INTEGER PRIMARY KEY,
  assessment_id TEXT NOT NULL,
  requirement_id TEXT NOT NULL,
  field TEXT NOT NULL,
  checklist_value TEXT,
  details_value TEXT NOT NULL,
  kept TEXT NOT NULL CHECK (kept IN ('checklist', 'details')),
  details_at TEXT NOT NULL,
  checklist_at TEXT
) STRICT;

INSERT INTO fact_merges (assessment_id, requirement_id, field, checklist_value, details_value, kept, details_at, checklist_at)
WITH map (req, field, path) AS (
  VALUES
    ('ELIG-03', 'dsptStatus', '$.dspt.status'),
    ('ELIG-03', 'dsptPublishedAt', '$.dspt.publishedOn'),
    ('TECH-08', 'processedOutsideUk', '$.dataLocation.processedOutsideUk'),
    ('TECH-08', 'outsideUkWhere', '$.dataLocation.where'),
    ('ICT-01', 'certificationBody', '$.ictProvider.iso27001.certificationBody'),
    ('ICT-01', 'certificateNumber', '$.ictProvider.iso27001.certificateNumber'),
    ('ICT-01', 'certificateScope', '$.ictProvider.iso27001.scope'),
    ('ICT-01', 'scopeIncludesEmail', '$.ictProvider.iso27001.scopeIncludesEmail'),
    ('ICT-01', 'issueDate', '$.ictProvider.iso27001.issuedOn'),
    ('ICT-01', 'expiryDate', '$.ictProvider.iso27001.expiresOn'),
    ('ICT-02', 'testKind', '$.ictProvider.penTest.kind'),
    ('ICT-02', 'tester', '$.ictProvider.penTest.tester'),
    ('ICT-02', 'testerAccreditation', '$.ictProvider.penTest.testerAccreditation'),
    ('ICT-02', 'testDate', '$.ictProvider.penTest.testedOn'),
    ('ICT-02', 'scope', '$.ictProvider.penTest.scope'),
    ('ICT-02', 'findingsSummary', '$.ictProvider.penTest.findingsSummary')
),
src AS (
  SELECT d.assessment_id, d.updated_at AS details_at, m.req, m.field,
    CASE
      WHEN m.field = 'dsptStatus' THEN CASE json_extract(d.json, m.path)
        WHEN 'standards-exceeded' THEN 'Standards Exceeded' WHEN 'standards-met' THEN 'Standards Met'
        WHEN 'approaching-standards' THEN 'Approaching Standards' WHEN 'standards-not-met' THEN 'Standards Not Met' END
      WHEN m.field IN ('processedOutsideUk', 'scopeIncludesEmail') THEN CASE json_type(d.json, m.path)
        WHEN 'true' THEN 'yes' WHEN 'false' THEN 'no' END
      WHEN m.field = 'testKind' THEN CASE json_extract(d.json, m.path)
        WHEN 'ithc' THEN 'IT health check (ITHC)' WHEN 'penetration-test' THEN 'Penetration test' END
      ELSE CAST(json_extract(d.json, m.path) AS TEXT)
    END AS v
  FROM statement_details d JOIN map m
)
SELECT s.assessment_id, s.req, s.field, json_extract(r.fields, '$.' || s.field), s.v,
  CASE
    WHEN r.updated_at IS NULL OR coalesce(json_extract(r.fields, '$.' || s.field), '') = '' OR s.details_at > r.updated_at THEN 'details'
    ELSE 'checklist'
  END,
  s.details_at, r.updated_at
FROM src s
LEFT JOIN responses r ON r.assessment_id = s.assessment_id AND r.requirement_id = s.req
WHERE s.v IS NOT NULL AND trim(s.v) <> '' AND s.v IS NOT coalesce(json_extract(r.fields, '$.' || s.field), '');

UPDATE responses SET fields = json_patch(fields, (
  SELECT json_group_object(m.field, m.details_value) FROM fact_merges m
  WHERE m.assessment_id = responses.assessment_id AND m.requirement_id = responses.requirement_id AND m.kept = 'details'
))
WHERE EXISTS (
  SELECT 1 FROM fact_merges m
  WHERE m.assessment_id = responses.assessment_id AND m.requirement_id = responses.requirement_id AND m.kept = 'details'
);

INSERT INTO responses (assessment_id, requirement_id, result, fields, updated_at, updated_by)
SELECT m.assessment_id, m.requirement_id, 'not-assessed', json_group_object(m.field, m.details_value), max(m.details_at), 'migration 0009'
FROM fact_merges m
WHERE m.kept = 'details'
  AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.assessment_id = m.assessment_id AND r.requirement_id = m.requirement_id)
GROUP BY m.assessment_id, m.requirement_id;

UPDATE statement_details SET json = json_remove(json,
  '$.dspt', '$.dataLocation.processedOutsideUk', '$.dataLocation.where', '$.ictProvider.iso27001', '$.ictProvider.penTest');
`,
};
