import { afterEach, describe, expect, it, vi } from 'vitest';
import builtInCatalogue from '../../resources/catalogue/dcb1596.json' with { type: 'json' };
import { createTestBackend, type TestBackend } from '../../test/support/temp-backend';
import * as validate from '../../shared/domain/catalogue/validate';

// Counts validations of the built-in catalogue, which is what a start skips when the stored copy is current.
vi.mock('../../shared/domain/catalogue/validate', async (importOriginal) => {
  const real = await importOriginal<typeof validate>();
  return { ...real, validateCatalogue: vi.fn(real.validateCatalogue) };
});
const validations = () => vi.mocked(validate.validateCatalogue).mock.calls.filter(([raw]) => raw === builtInCatalogue).length;

let b: TestBackend;
afterEach(() => b?.dispose());

type Row = { version: string; sha256: string; loaded_at: string; active: number };
const rows = () => b.services.db.prepare('SELECT version, sha256, loaded_at, active FROM catalogues').all() as Row[];

describe('the built-in catalogue on start', () => {
  it('is validated, stored and made active in a new workspace', () => {
    const before = validations();
    b = createTestBackend();
    expect(validations()).toBe(before + 1);
    expect(rows()).toEqual([expect.objectContaining({ version: builtInCatalogue.version, active: 1 })]);
  });

  it('is neither validated nor written again while the stored copy is current', () => {
    b = createTestBackend();
    const stored = rows();
    const before = validations();
    b.clock.advance(60_000);
    b = b.restart();
    expect(validations()).toBe(before);
    expect(rows()).toEqual(stored);
  });

  it('replaces a stored built-in copy whose text differs (a development build with the same version)', () => {
    b = createTestBackend();
    const [stored] = rows();
    b.services.db.prepare("UPDATE catalogues SET sha256 = 'outdated'").run();
    const before = validations();
    b.clock.advance(60_000);
    b = b.restart();
    expect(validations()).toBe(before + 1);
    expect(rows()).toEqual([{ ...stored, loaded_at: b.clock.now().toISOString() }]);
  });

  it('becomes active again when no catalogue is active', () => {
    b = createTestBackend();
    b.services.db.prepare('UPDATE catalogues SET active = 0').run();
    b = b.restart();
    expect(rows()).toEqual([expect.objectContaining({ version: builtInCatalogue.version, active: 1 })]);
  });

  it('stays inactive when a newer catalogue is active', () => {
    b = createTestBackend();
    b.services.db
      .prepare(
        "INSERT INTO catalogues (version, title, published_at, sha256, json, source, loaded_at, active) SELECT '9999.1.0', title, published_at, 'newer', json, 'file', loaded_at, 0 FROM catalogues",
      )
      .run();
    b.services.db.prepare("UPDATE catalogues SET active = (version = '9999.1.0')").run();
    const before = validations();
    b = b.restart();
    expect(validations()).toBe(before);
    expect(rows().map((r) => [r.version, r.active])).toEqual(
      expect.arrayContaining([
        [builtInCatalogue.version, 0],
        ['9999.1.0', 1],
      ]),
    );
  });
});
