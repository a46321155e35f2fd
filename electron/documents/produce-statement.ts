import { describeIssues } from '../../shared/contract/errors';
import { invalid } from '../backend/app-error';
import { sealIdentityOf, sealPdf, type OpenedSeal, type SealCredentials } from './seal/seal';
import { finalStatementIssues, type StatementModel } from '../statement/statement-model';
import { renderStatement, type SealIdentity, type StatementRenderOptions } from './statement-pdf';

export interface ProducedStatement {
  bytes: Uint8Array;
  seal?: SealIdentity;
}

// The statement as it goes into a bundle: rendered, and sealed when credentials are given. Only a final
// statement (both sign-offs, every requirement assessed, document details present) may be sealed: a seal
// on a draft would lend it an authority it does not have.
export async function produceStatement(
  m: StatementModel,
  opts: Omit<StatementRenderOptions, 'seal'> & { seal?: (SealCredentials | OpenedSeal) & { signingTime?: Date } } = {},
): Promise<ProducedStatement> {
  const { seal, ...renderOptions } = opts;
  if (!seal) {
    const doc = await renderStatement(m, renderOptions);
    return { bytes: await doc.save({ useObjectStreams: false }) };
  }
  const issues = finalStatementIssues(m);
  if (issues.length) throw invalid(`The statement cannot be sealed until it is final: ${describeIssues(issues)}.`, issues);
  const signingTime = seal.signingTime ?? new Date(m.generatedAt);
  const identity = sealIdentityOf(seal, signingTime);
  const doc = await renderStatement(m, { ...renderOptions, seal: identity });
  const org = m.organisation;
  const bytes = await sealPdf(doc, {
    ...seal,
    identity,
    signingTime,
    reason: `DCB1596 self-accreditation statement, ${org.legalName} (${org.odsCode}), cycle ${m.assessment.cycle}${m.bundle ? `, bundle ${m.bundle.id}` : ''}`,
    location: 'DCB1596 Workbench',
    contactInfo: m.signOffs.ictExpert?.email ?? m.preparedBy?.email ?? '',
    name: identity.subject,
  });
  return { bytes, seal: identity };
}
