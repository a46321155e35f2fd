import { z } from 'zod';
import { isCmdletName } from './cmdlets';

// The JSON file resources/exchange/Collect-DCB1596ExchangeFacts.ps1 writes. A customer's admin runs the
// script and sends the file; the consultant imports it. It is hostile input like any other: bounded,
// validated, and every error message says which field is wrong.

const SCRIPT_SCHEMA_ID = 'dcb1596.exchange-facts';
const SCRIPT_SCHEMA_VERSION = 1;
export const MAX_SCRIPT_FILE_BYTES = 50 * 1024 * 1024;

const Row = z.record(z.string(), z.unknown());

// ConvertTo-Json writes a one-element collection as a bare object unless the script wraps it; accept both.
const Rows = z.union([z.array(Row).max(200_000), Row.transform((r) => [r])]);

const CmdletOutcome = z.union([
  z.strictObject({ ok: z.literal(true), data: z.union([Rows, z.null().transform(() => [] as Record<string, unknown>[])]) }),
  z.strictObject({ ok: z.literal(false), error: z.string().max(8000) }),
]);

const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Expected the tenant ID (a GUID)');

export const ExchangeScriptOutput = z.strictObject({
  schema: z.literal(SCRIPT_SCHEMA_ID, { message: `This is not a DCB1596 Exchange facts file (schema should be "${SCRIPT_SCHEMA_ID}")` }),
  schemaVersion: z.literal(SCRIPT_SCHEMA_VERSION, {
    message: `Unsupported schemaVersion; this app reads version ${SCRIPT_SCHEMA_VERSION}`,
  }),
  scriptVersion: z.string().max(40),
  moduleVersion: z.string().max(60).nullable(),
  powershellVersion: z.string().max(60).optional(),
  // PowerShell's round-trip format has seven fractional digits.
  collectedAt: z.iso.datetime({ offset: true, message: 'collectedAt must be an ISO 8601 UTC time' }),
  tenantId: Guid,
  tenantDomain: z.string().min(3).max(255),
  collectedBy: z.string().max(320).nullable().optional(),
  cmdlets: z
    .record(z.string().max(80), CmdletOutcome)
    .refine((c) => Object.keys(c).some(isCmdletName), { message: 'The file lists none of the Exchange cmdlets the checks need' }),
});
export type ExchangeScriptOutput = z.infer<typeof ExchangeScriptOutput>;

export type ParsedScript = { ok: true; value: ExchangeScriptOutput } | { ok: false; error: string };

// Bytes → validated output. Windows PowerShell 5.1 may write UTF-8 with a BOM, or UTF-16 when the admin
// used `>` instead of the script's own -OutFile.
export function parseScriptFile(bytes: Uint8Array): ParsedScript {
  if (bytes.byteLength > MAX_SCRIPT_FILE_BYTES)
    return { ok: false, error: 'The file is larger than 50 MB; this is not the script output.' };
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = Buffer.from(bytes.subarray(2)).toString('utf16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { ok: false, error: 'The file is UTF-16 big-endian; save it as UTF-8 (the script does this with -OutFile).' };
  else
    text = Buffer.from(bytes)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `The file is not valid JSON (${(err as Error).message.slice(0, 120)}). Was it cut short, or edited?` };
  }
  const r = ExchangeScriptOutput.safeParse(json);
  if (!r.success) {
    const first = r.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'file'}: ${i.message}`);
    return { ok: false, error: `The file does not match the script's format — ${first.join('; ')}.` };
  }
  return { ok: true, value: r.data };
}
