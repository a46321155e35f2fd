import { app } from 'electron';
import { main } from '../cli/main';

// `DCB1596 Workbench --cli <command…>`: the installed app answers as the `dcb1596` command line, over the same
// workspace as the window (the CLI's default data folder is Electron's userData), without opening a window.
export function cliArguments(argv: readonly string[]): string[] | undefined {
  const at = argv.indexOf('--cli');
  return at < 0 ? undefined : argv.slice(at + 1);
}

export function runCommandLine(args: string[]): void {
  app.dock?.hide();
  main(args).then(
    (code) => app.exit(code),
    (err: unknown) => {
      process.stderr.write(`Failed: ${(err as Error).message}\n`);
      app.exit(1);
    },
  );
}
