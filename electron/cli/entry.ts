import { APP_VERSION } from '../host/app-version';

// The bundled command line's entry (dist/cli.mjs, started by bin/dcb1596.mjs). `--version` answers before
// anything else loads; every other call loads the commands and the backend (one chunk) on demand.
export async function run(argv: string[], opts: { rebuild: string }): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  let main: (argv: string[]) => Promise<number>;
  try {
    ({ main } = await import('./main'));
  } catch (err) {
    process.stderr.write(
      `dcb1596: the command line build is damaged (${(err as Error).message.split('\n')[0]}). Rebuild it with: ${opts.rebuild}\n`,
    );
    return 1;
  }
  return main(argv);
}
