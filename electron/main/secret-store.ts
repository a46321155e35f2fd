import { safeStorage } from 'electron';
import { join } from 'node:path';
import { EncryptedFileSecretStore } from '../secrets/encrypted-file-secret-store';
import { MemorySecretStore, type SecretStore } from '../secrets/secret-store';

// safeStorage encrypts with the OS keystore (DPAPI, Keychain, libsecret/kwallet). On Linux without a
// keyring it falls back to 'basic_text' — a hard-coded key — and we refuse that: tokens stay in memory.
export function createSecretStore(dataDir: string): SecretStore {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') {
    return new MemorySecretStore(
      'No OS keychain is available, so sign-ins are kept in memory only and forgotten when the app closes. Install and unlock a keyring (GNOME Keyring or KWallet) to remember them.',
    );
  }
  return new EncryptedFileSecretStore(
    join(dataDir, 'secrets'),
    {
      encrypt: async (plain) => safeStorage.encryptString(plain),
      decrypt: async (cipher) => safeStorage.decryptString(Buffer.from(cipher)),
    },
    `Encrypted with the operating system's keychain (${backend === 'os' ? process.platform : backend}).`,
  );
}
