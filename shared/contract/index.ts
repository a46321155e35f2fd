import type { z } from 'zod';
import { clientChannels } from './clients';
import { settingsChannels } from './settings';
import { auditChannels } from './audit';
import { probeChannels } from './findings';
import { domainCheckChannels } from './domain-checks';
import { catalogueChannels } from './catalogue';
import { assessmentChannels } from './assessments';
import { portfolioChannels } from './portfolio';
import { renewalChannels } from './renewal';
import { evidenceChannels } from './evidence';
import { workspaceChannels } from './workspace';
import { clientImportChannels } from './client-import';
import { tenantChannels } from './tenant';
import { statementChannels } from './statement';
import { searchChannels } from './search';
import { peopleChannels } from './people';

// The process boundary as a module: every channel the renderer (or the CLI, or a test) may call, with
// the zod schemas both sides share. Transports (Electron IPC, HTTP, Playwright) carry `(channel, input)`
// and nothing else; the backend parses every input with these schemas before any handler runs.
export const contract = {
  ...clientChannels,
  ...settingsChannels,
  ...auditChannels,
  ...probeChannels,
  ...domainCheckChannels,
  ...catalogueChannels,
  ...assessmentChannels,
  ...portfolioChannels,
  ...renewalChannels,
  ...evidenceChannels,
  ...clientImportChannels,
  ...workspaceChannels,
  ...tenantChannels,
  ...statementChannels,
  ...searchChannels,
  ...peopleChannels,
} as const;

type Contract = typeof contract;
export type Channel = keyof Contract;
// What a caller sends (before defaults and transforms) and what a handler receives (after).
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './errors';
export * from './events';

export const CHANNEL_NAMES = Object.keys(contract) as Channel[];
