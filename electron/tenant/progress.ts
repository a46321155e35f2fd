import type { ProbeProgress } from '../../shared/contract/tenant';
import { TENANT_CHECKS } from '../../shared/contract/tenant';
import type { CheckId } from '../../shared/domain/checks';
import type { EventHub } from '../backend/event-hub';
import { ProgressEmitter } from '../backend/progress';
import { EXCHANGE_FEEDS, graphSources } from './sources';

// Per-check progress of a running probe (queued → running → done), kept for the renderer to read and
// announced with operation.progress events carrying the whole board, so the screen moves as the answers
// come in without asking for it. A phase or a check changing state is announced at once; the request count
// (hundreds per probe) is throttled.

const FEEDS = new Map<string, CheckId[]>();
for (const s of graphSources('1970-01-01T00:00:00Z')) FEEDS.set(s.key.startsWith('signIns:') ? 'signIns' : s.key, s.feeds);
for (const [check, cmdlets] of Object.entries(EXCHANGE_FEEDS) as [CheckId, string[]][]) {
  for (const c of cmdlets) FEEDS.set(`exo:${c}`, [...(FEEDS.get(`exo:${c}`) ?? []), check]);
}

const PHASE_LABEL: Record<ProbeProgress['phase'], string> = {
  'signing-in': 'Getting a token',
  collecting: 'Reading the tenant',
  evaluating: 'Evaluating',
  saving: 'Saving the evidence',
  done: 'Done',
  failed: 'Failed',
};

const KEEP = 30;

export class ProgressBoard {
  private readonly ops = new Map<string, { p: ProbeProgress; running: Map<CheckId, number>; progress: ProgressEmitter }>();

  constructor(
    private readonly events: EventHub,
    private readonly now: () => Date,
  ) {}

  start(operationId: string): void {
    this.ops.set(operationId, {
      p: {
        operationId,
        phase: 'signing-in',
        checks: TENANT_CHECKS.map((check) => ({ check, state: 'queued' })),
        requests: 0,
        startedAt: this.now().toISOString(),
      },
      running: new Map(),
      progress: new ProgressEmitter(this.events, operationId, PHASE_LABEL['signing-in']),
    });
    while (this.ops.size > KEEP) this.ops.delete(this.ops.keys().next().value!);
    this.emit(operationId, 'step');
  }

  get(operationId: string): ProbeProgress | null {
    return this.ops.get(operationId)?.p ?? null;
  }

  phase(operationId: string | undefined, phase: ProbeProgress['phase'], error?: string): void {
    const op = operationId && this.ops.get(operationId);
    if (!op) return;
    op.p.phase = phase;
    if (phase === 'evaluating' || phase === 'done') for (const c of op.p.checks) c.state = 'done';
    if (phase === 'done' || phase === 'failed') op.p.finishedAt = this.now().toISOString();
    if (error) op.p.error = error;
    this.emit(operationId!, 'step');
  }

  request(operationId: string | undefined): void {
    const op = operationId && this.ops.get(operationId);
    if (!op) return;
    op.p.requests++;
    this.emit(operationId!, 'update');
  }

  source(operationId: string | undefined, key: string, state: 'running' | 'done'): void {
    const op = operationId && this.ops.get(operationId);
    if (!op) return;
    const feeds = FEEDS.get(key.startsWith('signIns:') ? 'signIns' : key) ?? [];
    let changed = false;
    for (const check of feeds) {
      const n = (op.running.get(check) ?? 0) + (state === 'running' ? 1 : -1);
      op.running.set(check, n);
      const c = op.p.checks.find((x) => x.check === check);
      if (c && c.state !== (n > 0 ? 'running' : 'done')) {
        c.state = n > 0 ? 'running' : 'done';
        changed = true;
      }
    }
    // A check that starts or finishes is shown at once (a few dozen per probe); more of the same is throttled.
    this.emit(operationId!, changed ? 'step' : 'update');
  }

  private emit(operationId: string, how: 'step' | 'update'): void {
    const { p, progress } = this.ops.get(operationId)!;
    const finished = p.phase === 'done' || p.phase === 'failed';
    progress[finished ? 'finish' : how]({
      label: PHASE_LABEL[p.phase],
      done: p.checks.filter((c) => c.state === 'done').length,
      total: p.checks.length,
      message: p.error ?? `${p.requests} request${p.requests === 1 ? '' : 's'} to Microsoft 365`,
      board: p,
    });
  }
}
