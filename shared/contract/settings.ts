import { z } from 'zod';
import { mutation, query } from './define';
import { Email, Empty, ShortText } from './common';

// A DNS server the consultant chose: an IP address with an optional port ("1.1.1.1", "127.0.0.1:5353",
// "[2606:4700::1111]:53"). Names are not accepted: resolving the resolver would use the laptop's DNS.
export const DnsServer = z
  .string()
  .trim()
  .regex(
    /^(?:(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?|\[[0-9a-fA-F:.]+\](?::\d{1,5})?|[0-9a-fA-F:]+:[0-9a-fA-F:.]*)$/,
    'Use an IP address, optionally with a port (1.1.1.1 or 127.0.0.1:5353)',
  );

export const Cloud = z.enum(['global', 'usgov', 'china']);
export type Cloud = z.infer<typeof Cloud>;

export const Settings = z.strictObject({
  // Recorded on every audit entry and proposed as the ICT sign-off name.
  displayName: ShortText('Your name', 120).default(''),
  organisation: ShortText('Organisation', 200).default(''),
  email: z.union([Email, z.literal('')]).default(''),
  dns: z
    .strictObject({
      servers: z.array(DnsServer).min(1, 'Add at least one DNS server').max(6).default(['1.1.1.1', '9.9.9.9']),
      timeoutMs: z.number().int().min(200).max(30_000).default(3000),
      tries: z.number().int().min(1).max(5).default(2),
    })
    .prefault({}),
  smtp: z
    .strictObject({
      port: z.number().int().min(1).max(65535).default(25),
      bannerTimeoutSeconds: z.number().int().min(5).max(120).default(30),
      commandTimeoutSeconds: z.number().int().min(2).max(60).default(10),
    })
    .prefault({}),
  tenant: z
    .strictObject({
      // The firm's own app registration (application/client ID); empty until it is registered: no ID ships.
      clientId: z.union([z.uuid(), z.literal('')]).default(''),
      cloud: Cloud.default('global'),
    })
    .prefault({}),
  evidence: z
    .strictObject({
      maxFileMegabytes: z.number().int().min(1).max(4096).default(200),
    })
    .prefault({}),
  readiness: z
    .strictObject({
      // A mail-domain check or tenant probe older than this many days before sign-off no longer counts.
      probeMaxAgeDays: z
        .number({ message: 'Enter a number of days' })
        .int('Whole days only')
        .min(1, 'At least 1 day')
        .max(365, 'At most 365 days')
        .default(30),
    })
    .prefault({}),
});
export type Settings = z.output<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

const SecretStorageStatus = z.object({
  persistent: z.boolean(),
  description: z.string(),
});

const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  dataDir: z.string(),
  transport: z.enum(['electron', 'web', 'test', 'cli']),
  secretStorage: SecretStorageStatus,
  schemaVersion: z.number().int(),
  sampleWorkspace: z.boolean(),
  // Set when the disk was full or read-only at start-up: the workspace is open read-only, and this says why.
  readOnly: z.string().optional(),
});
type AppInfo = z.infer<typeof AppInfo>;

export const settingsChannels = {
  'settings.get': query(Empty, Settings),
  'settings.update': mutation(Settings, Settings, ['settings.', 'app.']),
  'app.info': query(Empty, AppInfo),
} as const;
