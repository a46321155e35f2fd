import type { Backend } from '../backend/create-backend';
import type { ProbeRouting } from '../backend/ports';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  io: CliIO;
  // Opened lazily so `--help` never touches the workspace. A command with lab flags or a supplied token says
  // where its probes go (ProbeRouting) the first time it asks.
  backend(routing?: ProbeRouting): Backend;
  // True when the user named the workspace (--data-dir or DCB_DATA_DIR).
  dataDirChosen: boolean;
}

// A usage mistake: printed with the command's help, exit code 2.
export class UsageError extends Error {}

export interface CliCommand {
  // "clients add", "probe domain", "export" …
  name: string;
  summary: string;
  usage: string;
  run(ctx: CliContext, args: string[]): Promise<number>;
}
