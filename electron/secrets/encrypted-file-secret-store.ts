import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import type { SecretStore } from './secret-store';

// An OS-keystore-backed cipher (Electron safeStorage: DPAPI, Keychain, libsecret/kwallet) supplied by
// the shell. This module only stores the ciphertext; it never sees a key.
export interface SecretCipher {
  encrypt(plain: string): Promise<Uint8Array>;
  decrypt(cipher: Uint8Array): Promise<string>;
}

const KEY = /^[a-z0-9][a-z0-9._-]{0,120}$/i;

export class EncryptedFileSecretStore implements SecretStore {
  readonly persistent = true;
  constructor(
    private readonly dir: string,
    private readonly cipher: SecretCipher,
    readonly description: string,
  ) {}

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error('Invalid secret key');
    return join(this.dir, `${key}.bin`);
  }

  async get(key: string): Promise<string | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path(key));
    } catch {
      return null;
    }
    try {
      return await this.cipher.decrypt(bytes);
    } catch {
      // Written under another OS account or keychain: treat as absent, the user signs in again.
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    await writeFileAtomic(this.path(key), await this.cipher.encrypt(value));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
