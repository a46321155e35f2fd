import type { CliCommand } from '../cli-types';
import { clientsAdd, clientsList, clientsShow } from './clients';

// Every CLI command. Capabilities add theirs here; `dcb1596 --help` lists them in this order.
export const COMMANDS: CliCommand[] = [clientsAdd, clientsList, clientsShow];
