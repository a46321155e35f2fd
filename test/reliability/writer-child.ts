// A second process writing to a workspace, for the reliability suite (bundled by spawn-writer.ts; args
// <dataDir> <prefix> <count>) creates clients one by one through the real backend and prints
// "ack <odsCode>" after each acknowledged write, "fail <code> <message>" after each refusal.
import { createBackend } from '../../electron/backend/create-backend';
import { systemClock } from '../../electron/backend/ports';
import { silentLogger } from '../../electron/logging/logger';
import { MemorySecretStore } from '../../electron/secrets/secret-store';

const [dataDir, prefix, countArg] = process.argv.slice(2);
const backend = createBackend({
  dataDir: dataDir!,
  clock: systemClock,
  secrets: new MemorySecretStore(),
  log: silentLogger,
  appVersion: '0.0.0-reliability',
  transport: 'cli',
});
const count = Number(countArg);
void (async () => {
  for (let i = 0; i < count; i++) {
    const odsCode = `${prefix}${i.toString(36).toUpperCase().padStart(3, '0')}`;
    const r = await backend.dispatch('client.create', {
      legalName: `${prefix} Care ${i} Ltd`,
      odsCode,
      domains: [`${prefix.toLowerCase()}${i}.example.org`],
      route: 'o365',
    });
    process.stdout.write(r.ok ? `ack ${odsCode}\n` : `fail ${r.error.code} ${r.error.message.replace(/\n/g, ' ')}\n`);
  }
  backend.close();
})();
