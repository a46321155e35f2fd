import type { EventPayload } from '../../shared/contract/events';
import type { EventHub } from './event-hub';

type Payload = EventPayload<'operation.progress'>;
// Where an operation stands; the label defaults to the one the operation was started with.
export type ProgressUpdate = Omit<Payload, 'operationId' | 'finished' | 'label'> & { label?: string };

const INTERVAL_MS = 200;

// The one way a long backend operation reports progress: operation.progress events for the operationId the
// renderer passed (none passed, nothing sent). A big export or backup moves millions of chunks and a tenant
// probe makes hundreds of requests, while the renderer needs only a few updates a second, so:
//   update() — counts moving within one step: at most one event per interval, the latest one always sent;
//   step()   — a new step the user should read (a phase, a domain): sent at once;
//   finish() — the last event (finished: true): sent at once, and nothing after it.
// The throttle runs on the wall clock, never the backend's (tests freeze that one).
export class ProgressEmitter {
  private lastSent = -Infinity;
  private pending: ProgressUpdate | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private finished = false;

  constructor(
    private readonly events: Pick<EventHub, 'emit'>,
    private readonly operationId: string | undefined,
    private readonly label: string,
    private readonly opts: { intervalMs?: number; now?: () => number } = {},
  ) {}

  update(u: ProgressUpdate): void {
    if (!this.operationId || this.finished) return;
    this.pending = u;
    const wait = this.lastSent + (this.opts.intervalMs ?? INTERVAL_MS) - this.now();
    if (wait <= 0) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), wait);
      this.timer.unref?.();
    }
  }

  step(u: ProgressUpdate): void {
    if (!this.operationId || this.finished) return;
    this.pending = u;
    this.flush();
  }

  finish(u: ProgressUpdate): void {
    if (!this.operationId || this.finished) return;
    this.cancel();
    this.send(u, true);
    this.finished = true;
  }

  private flush(): void {
    const u = this.pending;
    this.cancel();
    if (u) this.send(u, false);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private send(u: ProgressUpdate, finished: boolean): void {
    this.lastSent = this.now();
    this.events.emit('operation.progress', { ...u, operationId: this.operationId!, label: u.label ?? this.label, finished });
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
