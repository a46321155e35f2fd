import type { BundleVerifyResult } from '../../shared/contract/statement';
import type { BundleVerification } from './verify/verify';

// The engine's verification, as the contract shows it: the bundle names itself by its own ID (from its
// manifest), never by a path on this computer.
export function toVerifyResult(v: BundleVerification, fileName: string): BundleVerifyResult {
  return {
    ok: v.ok,
    fileName,
    ...(v.bundleId ? { bundleId: v.bundleId } : {}),
    sealed: v.sealed,
    ...(v.draft !== undefined ? { draft: v.draft } : {}),
    ...(v.sample !== undefined ? { sample: v.sample } : {}),
    filesChecked: v.filesChecked,
    checks: v.checks.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      ...(c.detail ? { detail: c.detail } : {}),
      ...(c.file ? { file: c.file } : {}),
    })),
  };
}
