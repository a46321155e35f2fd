import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The security rules in eslint.config.js, proved to bite (and not to bite ordinary code). The basics
// (eval, new Function, dangerouslySetInnerHTML in JSX, shell.openExternal outside its guard) are also in
// test/lint-rules.test.ts; this covers the ways around them.
const eslint = new ESLint({ cwd: process.cwd() });

async function securityFindings(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => ['no-restricted-syntax', 'no-eval', 'no-implied-eval', 'no-new-func'].includes(m.ruleId ?? ''))
    .map((m) => m.ruleId!);
}

describe('security lint rules', () => {
  it.each([
    [
      'renderer/src/x.tsx',
      "import { createElement } from 'react';\nexport const c = createElement('div', { dangerouslySetInnerHTML: { __html: 'x' } });\n",
    ],
    ['renderer/src/x.tsx', "const props = { dangerouslySetInnerHTML: { __html: 'x' } };\nexport const C = () => <div {...props} />;\n"],
    ['renderer/src/x.ts', 'export const f = (el: HTMLElement, s: string) => { el.innerHTML = s; };\n'],
    ['renderer/src/x.ts', 'export const f = (el: HTMLElement, s: string) => { el.outerHTML = s; };\n'],
    ['renderer/src/x.ts', "export const f = (el: HTMLElement, s: string) => el.insertAdjacentHTML('beforeend', s);\n"],
    ['renderer/src/x.ts', 'export const f = (s: string) => document.write(s);\n'],
    ['electron/main/x.ts', "import { shell } from 'electron';\nexport const open = shell.openExternal;\n"],
    [
      'electron/main/x.ts',
      "import { shell } from 'electron';\nconst { openExternal } = shell;\nexport const f = (u: string) => openExternal(u);\n",
    ],
    ['electron/main/x.ts', "import * as electron from 'electron';\nexport const f = (u: string) => electron.shell.openExternal(u);\n"],
    [
      'renderer/src/x.ts',
      "declare const api: { openExternal(u: string): void };\nexport const f = () => api.openExternal('http://example.com');\n",
    ],
    [
      'renderer/src/x.ts',
      "declare const api: { openExternal(u: string): void };\nexport const f = () => api.openExternal('file:///etc/passwd');\n",
    ],
    [
      'renderer/src/x.ts',
      'declare const api: { openExternal(u: string): void };\nexport const f = (h: string) => api.openExternal(`http://${h}`);\n',
    ],
    [
      'electron/main/x.ts',
      "import type { WebContents } from 'electron';\nexport const f = (w: WebContents, s: string) => w.executeJavaScript(s);\n",
    ],
    ['electron/main/x.ts', 'export const prefs = { contextIsolation: false };\n'],
    ['electron/main/x.ts', 'export const prefs = { sandbox: false };\n'],
    ['electron/main/x.ts', 'export const prefs = { nodeIntegration: true };\n'],
    ['electron/main/x.ts', 'export const prefs = { webSecurity: false };\n'],
    ['electron/main/x.ts', 'export const prefs = { nodeIntegrationInSubFrames: true };\n'],
    ['electron/main/x.ts', 'export const prefs = { allowRunningInsecureContent: true };\n'],
    ['electron/main/x.ts', 'export const prefs = { webviewTag: true };\n'],
    ['electron/main/x.ts', "export const prefs = { enableBlinkFeatures: 'CSSVariables' };\n"],
    ['electron/backend/x.ts', "export const f = () => setTimeout('doWork()', 0);\n"],
    ['electron/backend/x.ts', "export const f = () => Function('return this')();\n"],
  ])('flags unsafe code in %s: %s', async (file, code) => {
    expect(await securityFindings(code, file)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/x.ts', 'declare const api: { openExternal(u: string): void };\nexport const f = (u: string) => api.openExternal(u);\n'],
    [
      'renderer/src/x.ts',
      "declare const api: { openExternal(u: string): void };\nexport const f = () => api.openExternal('https://digital.nhs.uk/');\n",
    ],
    [
      'renderer/src/x.ts',
      'declare const api: { openExternal(u: string): void };\nexport const f = (p: string) => api.openExternal(`https://digital.nhs.uk/${p}`);\n',
    ],
    ['electron/main/x.ts', 'export const prefs = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true };\n'],
    ['renderer/src/x.tsx', 'export const C = ({ text }: { text: string }) => <div title={text}>{text}</div>;\n'],
    ['electron/main/x.ts', "import { shell } from 'electron';\nexport const f = (p: string) => shell.openPath(p);\n"],
  ])('leaves ordinary code alone in %s: %s', async (file, code) => {
    expect(await securityFindings(code, file)).toEqual([]);
  });

  it('the real window settings and the https guard pass', async () => {
    const results = await eslint.lintFiles(['electron/main/window.ts', 'electron/main/external-links.ts', 'electron/main/security.ts']);
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-syntax'))).toEqual([]);
  });
});
