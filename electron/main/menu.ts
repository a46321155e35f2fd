import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';

export function buildMenu(opts: {
  dataDir: string;
  newWindow: () => void;
  inSample: boolean;
  switchWorkspace: (sample: boolean) => void;
}): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New window', accelerator: 'CmdOrCtrl+Shift+N', click: opts.newWindow },
        { type: 'separator' },
        opts.inSample
          ? { label: 'Return to my workspace', click: () => opts.switchWorkspace(false) }
          : { label: 'Open sample workspace…', click: () => opts.switchWorkspace(true) },
        { type: 'separator' },
        { label: 'Show data folder', click: () => void shell.openPath(opts.dataDir) },
        { label: 'Show logs', click: () => void shell.openPath(join(opts.dataDir, 'logs')) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
