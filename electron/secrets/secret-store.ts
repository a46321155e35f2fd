// Where sign-in token caches and signing-key passphrases live. Async because Electron's safeStorage is
// moving to async-only APIs, and because an OS keychain call may block.
export interface SecretStore {
  // False when secrets only live in memory for this session (no OS keychain available).
  readonly persistent: boolean;
  readonly description: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly values = new Map<string, string>();
  constructor(readonly description = 'Kept in memory only: this session has no OS keychain, so sign-ins are forgotten when it ends.') {}
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}
