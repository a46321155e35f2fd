import { StatementDetails } from '../../shared/contract/statement';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { StatementRepo } from './statement-repo';

// The saved statement details of an assessment. Readiness (which asks "are the details saved?") and the
// statement both read them here, so neither service reaches into the other for them.
export interface StatementDetailsReader {
  saved(assessmentId: string): StatementDetails | null;
}

// Saved details, validated on the way out: a row the schema refuses (edited by hand, or from an older
// shape) counts as not saved, so the form shows the suggestions instead of failing.
export function statementDetailsReader(db: Db, log: Logger): StatementDetailsReader {
  const repo = new StatementRepo(db);
  return {
    saved(assessmentId) {
      const json = repo.detailsJson(assessmentId);
      if (json === undefined) return null;
      let raw: unknown;
      try {
        raw = JSON.parse(json);
      } catch {
        raw = undefined;
      }
      const parsed = StatementDetails.safeParse(raw);
      if (parsed.success) return parsed.data;
      log.warn('stored statement details do not match the schema; treating them as unsaved', { assessmentId });
      return null;
    },
  };
}
