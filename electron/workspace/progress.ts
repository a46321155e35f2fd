import type { EventHub } from '../backend/event-hub';
import { ProgressEmitter } from '../backend/progress';

// Byte-counted progress for backup and restore: counts the bytes moved and reports them through the
// backend's throttled progress emitter (a large evidence store moves millions of chunks).
export class ByteProgress {
  private done = 0;
  private readonly progress: ProgressEmitter;

  constructor(
    events: EventHub,
    operationId: string | undefined,
    label: string,
    private readonly total: number,
  ) {
    this.progress = new ProgressEmitter(events, operationId, label);
  }

  add(bytes: number, message?: string): void {
    this.done += bytes;
    this.progress.update(this.state(message));
  }

  step(message: string): void {
    this.progress.step(this.state(message));
  }

  finish(message: string): void {
    this.done = this.total;
    this.progress.finish(this.state(message));
  }

  private state(message: string | undefined) {
    return { done: Math.min(this.done, this.total), total: this.total, message };
  }
}
