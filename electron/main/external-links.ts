import { shell } from 'electron';

// The one place that may call shell.openExternal (lint enforces it): https, plus mailto: for the submission
// email (the user's mail app opens a draft; nothing is sent), so a renderer bug can never launch file:, smb:
// or custom-protocol handlers on the user's machine.
export async function openExternalHttps(raw: unknown): Promise<boolean> {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') {
    await shell.openExternal(url.toString());
    return true;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  await shell.openExternal(url.toString());
  return true;
}
