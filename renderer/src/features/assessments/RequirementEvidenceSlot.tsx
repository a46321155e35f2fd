import type { EvidenceKind } from '../../../../shared/domain/evidence-kinds';
import { RequirementEvidence } from '../evidence/RequirementEvidence';

// The requirement panel's evidence section is owned by the evidence library.
export function RequirementEvidenceSlot(props: {
  clientId: string;
  assessmentId: string;
  requirementId: string;
  expectedKinds: EvidenceKind[];
  locked: boolean;
}) {
  return <RequirementEvidence {...props} />;
}
