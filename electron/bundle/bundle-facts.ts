import { z } from 'zod';
import { BundleSigner } from './zip/manifest';

// Who and what a bundle names, as at export: kept with the bundle row so the submission email describes
// the bundle the user sends, even after the client is renamed or the assessment unlocked and re-signed.
export const BundleFacts = z.strictObject({
  reference: z.string().min(1).max(100),
  legalName: z.string().min(1).max(300),
  odsCode: z.string().min(1).max(20),
  domains: z.array(z.string().max(253)).max(200),
  route: z.string().max(40),
  cycle: z.number().int(),
  signers: z.array(BundleSigner).max(2),
  sealFingerprint: z.string().max(64).optional(),
  preparedBy: z.strictObject({ name: z.string().max(120), organisation: z.string().max(200).optional() }).optional(),
});
export type BundleFacts = z.infer<typeof BundleFacts>;
