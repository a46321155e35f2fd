import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from '../../../shared/contract/clients';
import { AppError, conflict, integrity, invalid, notFound } from '../../backend/app-error';
import type { Backend } from '../../backend/create-backend';
import { createAtomicFile } from '../../files/atomic-write';
import { formatBytes } from '../../../shared/domain/bytes';
import { parse } from '../args';
import { UsageError, type CliCommand } from '../cli-types';

// `dcb1596 export`: the same export as the app's button (a new bundle version in the workspace, audited),
// then a copy to --out, written to a temp file and renamed, and checked against the recorded SHA-256.

// ID, ODS code or exact legal name first; then the same unambiguous-match rule as every other command.
async function findClient(backend: Backend, ref: string): Promise<Client> {
  const exact = (await backend.call('client.list', { includeArchived: true })).filter(
    (c) => c.legalName.toLowerCase() === ref.trim().toLowerCase(),
  );
  if (exact.length === 1) return backend.call('client.get', { id: exact[0]!.id });
  return backend.call('client.find', { ref });
}

async function copyVerified(from: string, to: string, expectedSha256: string): Promise<void> {
  const out = await createAtomicFile(to, 0o644);
  const hash = createHash('sha256');
  try {
    await pipeline(
      createReadStream(from),
      new Transform({
        transform(chunk: Buffer, _e, cb) {
          hash.update(chunk);
          cb(null, chunk);
        },
      }),
      out.stream,
    );
    if (hash.digest('hex') !== expectedSha256)
      throw integrity(`The copy to ${to} does not match the exported bundle. Nothing was written there.`);
    await out.commit();
  } catch (err) {
    await out.abort();
    throw err;
  }
}

export const exportBundle: CliCommand = {
  name: 'export',
  summary: 'Export the signed statement and evidence bundle of a client, or a DRAFT review pack at any stage (a new version each time)',
  usage: `dcb1596 export <client> [--cycle YYYY] --out <bundle.zip> [--draft | --p12 <file> --p12-pass-env VAR] [--json]

  <client>        Client ID, ODS code or exact legal name
  --cycle         Accreditation year (default: the latest assessment)
  --out           Where to copy the bundle (never overwritten); the workspace keeps its own copy
  --draft         A review pack to send before sign-off: every PDF watermarked DRAFT, "DRAFT" in the file
                  name (added to --out when missing), the manifest and the verify output; never sealed
  --p12           Seal the statement with this certificate (PKCS#12, .p12 or .pfx)
  --p12-pass-env  Name of the environment variable holding the certificate's passphrase
                  (never pass a passphrase on the command line: it would stay in your shell history)
  --json          Print the bundle record as JSON

Refuses a final export that the app refuses (anything that still blocks the statement, both sign-offs
included), with the same reasons; --draft exports a DRAFT review pack at any stage. Exit code 0 when exported,
1 when it cannot be.`,
  async run(ctx, args) {
    const { values, positionals } = parse(
      args,
      {
        cycle: { type: 'string' },
        out: { type: 'string' },
        p12: { type: 'string' },
        'p12-pass-env': { type: 'string' },
        draft: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      1,
    );
    if (!positionals[0]) throw new UsageError('Name the client by ID, ODS code or legal name.');
    if (!values.out) throw new UsageError('Missing --out <bundle.zip>: where to write the bundle.');
    if (values.cycle !== undefined && !/^\d{4}$/.test(values.cycle)) throw new UsageError('--cycle must be a year like 2026.');
    if (values.p12 && !values['p12-pass-env'])
      throw new UsageError('--p12 needs --p12-pass-env VAR: the name of the environment variable holding the passphrase.');
    if (!values.p12 && values['p12-pass-env']) throw new UsageError('--p12-pass-env is only used with --p12.');
    if (values.draft && values.p12)
      throw new UsageError('A DRAFT review pack is never sealed: drop --p12, or --draft for the final bundle.');
    let passphrase: string | undefined;
    if (values.p12) {
      passphrase = process.env[values['p12-pass-env']!];
      if (passphrase === undefined || passphrase === '')
        throw new UsageError(
          `The environment variable ${values['p12-pass-env']} is not set (it should hold the certificate's passphrase).`,
        );
      const s = await stat(values.p12).catch(() => undefined);
      if (!s?.isFile()) throw invalid(`No certificate file at ${resolve(values.p12)}.`);
    }
    let outName = values.out.endsWith('.zip') ? values.out : `${values.out}.zip`;
    // A draft says so in its file name wherever it is copied.
    if (values.draft && !/draft/i.test(basename(outName))) outName = outName.replace(/\.zip$/, '-DRAFT.zip');
    const out = resolve(outName);
    if (existsSync(out)) throw conflict(`${out} already exists. Choose another name: bundles are never overwritten.`);

    const backend = ctx.backend();
    const client = await findClient(backend, positionals[0]);
    const assessments = await backend.call('assessment.list', { clientId: client.id });
    const a = values.cycle ? assessments.find((x) => x.cycle === Number(values.cycle)) : assessments[0];
    if (!a)
      throw notFound(
        values.cycle
          ? `The ${values.cycle} assessment of ${client.legalName}`
          : `An assessment for ${client.legalName} (start one in the app)`,
      );
    // No check of its own: bundle.export refuses with the readiness model's reasons, word for word as the app.
    const upload = values.p12 ? await backend.host.receiveLocalFile(values.p12, basename(values.p12)) : undefined;
    const bundle = await backend
      .call('bundle.export', {
        assessmentId: a.id,
        ...(values.draft ? { draft: true } : {}),
        ...(upload ? { seal: { p12UploadId: upload.uploadId, passphrase: passphrase! } } : {}),
      })
      .catch((err: unknown) => {
        // The reasons stay the app's, word for word (main prints them); the command line only adds, before
        // them, how to send a review pack instead.
        if (!values.draft && err instanceof AppError && err.code === 'conflict')
          ctx.io.err('To send it for review before then: --draft exports a DRAFT review pack.');
        throw err;
      });
    const draft = values.draft === true || bundle.fileName.includes('-DRAFT-');
    await copyVerified(backend.host.bundleFile(bundle.id), out, bundle.sha256);
    if (values.json) {
      ctx.io.out(JSON.stringify({ ...bundle, out }, null, 2));
      return 0;
    }
    ctx.io.out(
      [
        `Exported the ${a.cycle} ${draft ? 'DRAFT review pack' : 'bundle'} of ${client.legalName} (ODS ${client.odsCode}), version ${bundle.version}${draft ? ' — DRAFT, NOT FOR SUBMISSION' : ''}${bundle.sample ? ' — SAMPLE DATA, NOT FOR SUBMISSION' : ''}`,
        `  File             ${out}`,
        `  Size             ${formatBytes(bundle.size)}, ${bundle.fileCount} files`,
        `  SHA-256          ${bundle.sha256}`,
        `  Manifest SHA-256 ${bundle.manifestSha256}`,
        `  Seal             ${bundle.sealed ? `sealed by ${bundle.sealSubject}` : 'not sealed'}`,
        '',
        `Check it with: dcb1596 verify "${out}"`,
        draft
          ? 'Send it to the client or a reviewer for comment. Submit only the final export, after both sign-offs.'
          : 'Send it to feedback@nhs.net with the bundle name and its SHA-256 (the app drafts that email for you).',
      ].join('\n'),
    );
    return 0;
  },
};
