import { AuditEntry, AuditOmitted } from '../../../shared/contract/audit';
import { ChainVerifier } from '../../store/audit-log';
import { VERIFY_LIMITS, limitText, shownName } from './verify-limits';

// A bundle's audit-log.jsonl, checked as it streams out of the archive: one entry per line, each chain
// verified entry by entry (the store's own ChainVerifier), so only one line and one small state per chain
// are ever held — a 250 MB log costs no more memory than a 25 kB one. Problems are counted; the first few
// are kept for the report.

const KEEP_PROBLEMS = 3;

interface AuditLogResult {
  problems: string[];
  problemCount: number;
  entries: number;
  omitted: number;
  chains: number;
}

export class AuditLogStream {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  private line = 0;
  private entries = 0;
  private omitted = 0;
  private readonly chains = new Map<string, ChainVerifier>();
  private readonly kept: string[] = [];
  private count = 0;
  private chainsRefused = false;

  private problem(text: string) {
    this.count++;
    if (this.kept.length < KEEP_PROBLEMS) this.kept.push(text);
  }

  write(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      this.take(chunk.subarray(start, nl));
      this.finishLine();
      start = nl + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start));
  }

  private take(part: Buffer) {
    if (this.skipping || !part.length) return;
    if (this.pendingBytes + part.length > VERIFY_LIMITS.maxAuditLineBytes) {
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private finishLine() {
    this.line++;
    const skipped = this.skipping;
    const text = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
    if (skipped) return this.problem(`line ${this.line} is longer than ${limitText('maxAuditLineBytes')}`);
    this.parse(text);
  }

  private parse(text: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.problem(`line ${this.line} is not JSON`);
    }
    const full = AuditEntry.safeParse(raw);
    const e = full.success ? full : AuditOmitted.safeParse(raw);
    if (!e.success) return this.problem(`line ${this.line} is not an audit entry`);
    let chain = this.chains.get(e.data.chain);
    if (!chain) {
      if (this.chains.size >= VERIFY_LIMITS.maxAuditChains) {
        if (!this.chainsRefused) this.problem(`line ${this.line} starts more hash chains than ${limitText('maxAuditChains')}`);
        this.chainsRefused = true;
        return;
      }
      chain = new ChainVerifier(e.data.chain, (p) => this.problem(`${p.n ? `entry ${p.n}: ` : ''}${p.problem}`));
      this.chains.set(e.data.chain, chain);
    }
    chain.push(e.data);
    if ('omitted' in e.data) this.omitted++;
    else this.entries++;
  }

  // After the last chunk: the unterminated last line, then each chain against what the manifest recorded
  // (undefined when there is no trustworthy manifest to compare with).
  end(recorded: { chain: string; entries: number; headHash: string }[] | undefined): AuditLogResult {
    if (this.pendingBytes || this.skipping) this.finishLine();
    for (const r of recorded ?? []) if (!this.chains.has(r.chain) && r.entries > 0) this.problem(`chain ${shownName(r.chain)} is missing`);
    for (const [name, chain] of this.chains) {
      const head = recorded?.find((r) => r.chain === name);
      if (recorded && !head) this.problem(`chain ${shownName(name)} is not recorded in the manifest`);
      chain.end(head ? { n: head.entries, hash: head.headHash } : undefined);
    }
    return { problems: this.kept, problemCount: this.count, entries: this.entries, omitted: this.omitted, chains: this.chains.size };
  }
}
