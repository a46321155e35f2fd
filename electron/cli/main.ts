import { openHostBackend } from '../host/open-backend';
import { APP_VERSION } from '../host/app-version';
import { defaultDataDir } from '../host/data-dir';
import { DatabaseRefusedError, busyError, isBusy } from '../store/database';
import { DISK_FULL_MESSAGE, isDiskFull } from '../files/disk-errors';
import { redactString } from '../logging/redact';
import { AppError } from '../backend/app-error';
import type { Backend } from '../backend/create-backend';
import type { Clock } from '../backend/ports';
import { COMMANDS } from './commands';
import { UsageError, type CliCommand, type CliIO } from './cli-types';

const stdio: CliIO = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `dcb1596 ${APP_VERSION} — DCB1596 secure email accreditation from the command line`,
    '',
    'Usage: dcb1596 <command> [options]     (dcb1596 <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    "  --data-dir <path>  Workspace folder (default: the desktop app's, or $DCB_DATA_DIR)",
    '  --version          Print the version',
    '  --help             Show this help',
  ].join('\n');
}

// Longest matching command name wins ("clients add" before "clients").
function findCommand(words: string[]): { command?: CliCommand; rest: string[] } {
  for (let n = Math.min(3, words.length); n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: words.slice(n) };
  }
  return { rest: words };
}

// What the CLI prints for a failure that is not a usage error or an AppError.
export function describeCliFailure(err: unknown, dataDir?: string): string {
  if (err instanceof DatabaseRefusedError) return err.message;
  if (isDiskFull(err)) return DISK_FULL_MESSAGE;
  if (isBusy(err)) return busyError(dataDir ?? defaultDataDir()).message;
  return `Failed: ${redactString(String((err as Error)?.message ?? err), 'log')}`;
}

export async function main(
  argv: string[],
  io: CliIO = stdio,
  env: NodeJS.ProcessEnv = process.env,
  host: { clock?: Clock } = {},
): Promise<number> {
  const args = [...argv];
  let dataDir = env.DCB_DATA_DIR;
  const dd = args.indexOf('--data-dir');
  if (dd >= 0) {
    dataDir = args[dd + 1];
    if (!dataDir) {
      io.err('--data-dir needs a folder.');
      return 2;
    }
    args.splice(dd, 2);
  }
  if (args[0] === '--version' || args[0] === '-v') {
    io.out(APP_VERSION);
    return 0;
  }
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.out(overview());
    return args.length === 0 ? 2 : 0;
  }
  const { command, rest } = findCommand(args);
  if (!command) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${args[0]} `));
    if (group.length) {
      io.err(
        `"${args.slice(0, 2).join(' ')}" is not a command. Try one of:\n${group.map((c) => `  dcb1596 ${c.name}  — ${c.summary}`).join('\n')}`,
      );
    } else io.err(`Unknown command "${args[0]}". Run dcb1596 --help to see the commands.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }

  let backend: Backend | undefined;
  try {
    return await command.run(
      {
        io,
        backend: (probeRouting) => {
          if (!backend) {
            backend = openHostBackend({ transport: 'cli', dataDir, ...host, ...(probeRouting ? { probeRouting } : {}) });
            if (backend.readOnly)
              io.err(
                `Note: the workspace is open read-only because ${backend.readOnly}. Commands that only read work; changes are refused.`,
              );
          }
          return backend;
        },
        dataDirChosen: dataDir !== undefined,
      },
      rest,
    );
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${redactString(err.message, 'log')}\n\nUsage: ${command.usage}`);
      return 2;
    }
    if (err instanceof AppError) {
      io.err(
        err.issues?.length
          ? `${err.code === 'invalid-input' ? 'Invalid input:' : /[.!?]$/.test(err.message) ? err.message : `${err.message}:`}\n${err.issues.map((i) => `  ${i.path || '(input)'}: ${i.message}`).join('\n')}`
          : err.message,
      );
      return 1;
    }
    io.err(describeCliFailure(err, dataDir));
    return 1;
  } finally {
    backend?.close();
  }
}
