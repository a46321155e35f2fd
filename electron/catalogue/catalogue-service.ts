import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import builtInCatalogue from '../../resources/catalogue/dcb1596.json' with { type: 'json' };
import type { CatalogueSummary } from '../../shared/contract/catalogue';
import type { Catalogue } from '../../shared/domain/catalogue/schema';
import { validateCatalogue } from '../../shared/domain/catalogue/validate';
import { AppError, conflict, notFound } from '../backend/app-error';
import type { Clock } from '../backend/ports';
import type { TransferStore } from '../files/transfer-store';
import type { Db } from '../store/database';
import { appendAudit, WORKSPACE_CHAIN } from '../store/audit-log';
import { CatalogueRepo, type CatalogueRow } from './catalogue-repo';

const MAX_CATALOGUE_BYTES = 5 * 1024 * 1024;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

// "2026.11.0" < "2027.1.0": compare the numeric parts; a pre-release suffix sorts before its release.
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-');
    return { nums: core!.split('.').map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  return x.pre === undefined ? 1 : y.pre === undefined ? -1 : x.pre < y.pre ? -1 : 1;
}

// What this service uses, and nothing more: the composition root (backend/services.ts) supplies it.
export interface CatalogueDeps {
  readonly db: Db;
  readonly clock: Clock;
  actor(): string;
  readonly transfers: Pick<TransferStore, 'upload' | 'withUpload'>;
}

export class CatalogueService {
  private readonly cache = new Map<string, Catalogue>();

  constructor(private readonly s: CatalogueDeps) {}

  private get repo() {
    return new CatalogueRepo(this.s.db);
  }

  // On start: make sure the catalogue shipped with this app version is stored, and active if newer.
  ensureBuiltIn(): void {
    const json = JSON.stringify(builtInCatalogue);
    const digest = sha(json);
    // Every start but the first with a new app version: this very text is stored (it was validated then) and
    // it or a newer catalogue is active, so there is nothing to write. Validating it again cost ≈ 50 ms of every
    // start, CLI calls included (README, Benchmarks); the writes below re-check all of this in their transaction.
    if (this.builtInIsCurrent(builtInCatalogue.version, digest)) return;
    const r = validateCatalogue(builtInCatalogue);
    if (!r.ok) throw new Error(`The built-in catalogue is invalid: ${r.errors[0]}`);
    const now = this.s.clock.now().toISOString();
    this.s.db.transaction(() => {
      const existing = this.row(r.catalogue.version);
      if (!existing) {
        this.insertVersion(r.catalogue, json, digest, 'built-in', now);
      } else if (existing.source === 'built-in' && existing.sha256 !== digest) {
        // The same version number shipped with different text (a development build): keep the newest text.
        this.repo.replaceText(r.catalogue.version, json, digest, r.catalogue.title, now);
        this.cache.delete(r.catalogue.version);
      }
      const active = this.repo.activeVersion();
      if (!active || compareVersions(r.catalogue.version, active) > 0) this.setActive(r.catalogue.version);
    })();
  }

  private builtInIsCurrent(version: string, digest: string): boolean {
    if (this.row(version)?.sha256 !== digest) return false;
    const active = this.repo.activeVersion();
    return active !== undefined && compareVersions(version, active) <= 0;
  }

  private insertVersion(c: Catalogue, json: string, sha256: string, source: CatalogueRow['source'], now: string): void {
    this.repo.insert({ version: c.version, title: c.title, published_at: c.publishedAt, sha256, json, source, loaded_at: now });
  }

  private row(version: string): CatalogueRow | undefined {
    return this.repo.get(version);
  }

  private setActive(version: string): void {
    this.repo.setActive(version);
  }

  list(): CatalogueSummary[] {
    const rows = this.repo.all();
    return rows.sort((a, b) => compareVersions(b.version, a.version)).map((r) => this.summary(r));
  }

  private summary(r: CatalogueRow): CatalogueSummary {
    return {
      version: r.version,
      title: r.title,
      publishedAt: r.published_at,
      loadedAt: r.loaded_at,
      source: r.source,
      active: r.active === 1,
      requirementCount: this.get(r.version).requirements.length,
      sha256: r.sha256,
    };
  }

  activeVersion(): string {
    const version = this.repo.activeVersion();
    if (!version) throw new AppError('unavailable', 'No requirement catalogue is active.');
    return version;
  }

  get(version?: string): Catalogue {
    const v = version ?? this.activeVersion();
    const cached = this.cache.get(v);
    if (cached) return cached;
    const row = this.row(v);
    if (!row) throw notFound(`Catalogue version ${v}`);
    const r = validateCatalogue(JSON.parse(row.json));
    if (!r.ok) throw new AppError('integrity', `Stored catalogue ${v} no longer validates: ${r.errors[0]}`);
    this.cache.set(v, r.catalogue);
    return r.catalogue;
  }

  // Loads a catalogue file the user picked. Invalid files are refused with every problem named; the
  // current catalogue stays active.
  async load(uploadId: string): Promise<CatalogueSummary> {
    const { upload, text } = await this.s.transfers.withUpload(uploadId, { discard: 'always' }, async (upload) => {
      if (upload.size > MAX_CATALOGUE_BYTES) throw new AppError('invalid-input', 'This file is too large to be a requirement catalogue.');
      return { upload, text: await readFile(upload.path, 'utf8') };
    });
    let raw: unknown;
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new AppError('invalid-input', `${upload.fileName} is not valid JSON (${(err as Error).message}).`);
    }
    const r = validateCatalogue(raw);
    if (!r.ok) {
      throw new AppError(
        'invalid-input',
        `${upload.fileName} is not a valid catalogue, so the current one stays in use. ${r.errors.length} problem${r.errors.length > 1 ? 's' : ''}: ${r.errors[0]}`,
        r.errors.map((e) => ({ path: e.split(':')[0] ?? '', message: e })),
      );
    }
    const json = JSON.stringify(raw);
    const digest = sha(json);
    const existing = this.row(r.catalogue.version);
    if (existing && existing.sha256 !== digest) {
      throw conflict(
        `Catalogue version ${r.catalogue.version} is already loaded with different content. Give the new file a new version number.`,
      );
    }
    const now = this.s.clock.now().toISOString();
    this.s.db.transaction(() => {
      if (!existing) {
        this.insertVersion(r.catalogue, json, digest, 'file', now);
      }
      this.setActive(r.catalogue.version);
      appendAudit(this.s.db, {
        chain: WORKSPACE_CHAIN,
        actor: this.s.actor(),
        at: now,
        action: 'catalogue.load',
        entityType: 'catalogue',
        entityId: r.catalogue.version,
        summary: `Loaded requirement catalogue ${r.catalogue.version} from ${upload.fileName}`,
        changes: [{ field: 'sha256', from: null, to: digest }],
      });
    })();
    return this.summary(this.row(r.catalogue.version)!);
  }

  activate(version: string): CatalogueSummary {
    const row = this.row(version);
    if (!row) throw notFound(`Catalogue version ${version}`);
    this.s.db.transaction(() => {
      this.setActive(version);
      appendAudit(this.s.db, {
        chain: WORKSPACE_CHAIN,
        actor: this.s.actor(),
        at: this.s.clock.now().toISOString(),
        action: 'catalogue.activate',
        entityType: 'catalogue',
        entityId: version,
        summary: `New assessments will use catalogue ${version}`,
      });
    })();
    return this.summary(this.row(version)!);
  }
}
