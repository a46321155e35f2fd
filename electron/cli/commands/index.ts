import type { CliCommand } from '../cli-types';
import { clientsAdd, clientsList, clientsShow } from './clients';
import { clientsImport } from './clients-import';
import { workspaceBackup, workspaceRestore } from './workspace';
import { verify } from './verify';
import { accreditedCheck, accreditedImport, probeDomain } from './probe-domain';
import { demoCreate } from './demo';
import { evidenceAdd, evidenceList, evidenceVerify } from './evidence';
import { probeTenant } from './probe-tenant';
import { exportBundle } from './export';
import { renew } from './renew';
import { auditVerify } from './audit';
import { needs } from './needs';

// Every CLI command. Capabilities add theirs here; `dcb1596 --help` lists them in this order.
export const COMMANDS: CliCommand[] = [
  clientsAdd,
  clientsList,
  clientsShow,
  clientsImport,
  verify,
  exportBundle,
  probeDomain,
  probeTenant,
  accreditedImport,
  accreditedCheck,
  evidenceAdd,
  evidenceList,
  evidenceVerify,
  demoCreate,
  workspaceBackup,
  workspaceRestore,
  renew,
  needs,
  auditVerify,
];
