import { app, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './protocol';
import { openExternalHttps } from './external-links';

// The Electron security checklist, applied to every web contents we ever create.
export function hardenSessions(): void {
  const ses = session.defaultSession;
  // We need no camera, microphone, notifications, geolocation, USB or clipboard-read permission.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The renderer talks only to app://; it has no business with the network or the LAN.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok =
      details.url.startsWith(`${APP_ORIGIN}/`) ||
      details.url.startsWith('devtools://') ||
      details.url.startsWith('blob:') ||
      details.url.startsWith('data:');
    callback({ cancel: !ok });
  });

  app.on('web-contents-created', (_event, contents) => lockDown(contents));
}

function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'app:' && u.host === 'renderer';
  } catch {
    return false;
  }
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      void openExternalHttps(url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalHttps(url);
    return { action: 'deny' };
  });
}
