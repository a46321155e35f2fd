import type { EventHub } from '../backend/event-hub';

// Byte-counted progress for backup and restore, emitted as operation.progress events at most every 200 ms
// (a large evidence store moves millions of chunks; the renderer needs a few updates a second).
export class ByteProgress {
  private done = 0;
  private lastEmit = 0;

  constructor(
    private readonly events: EventHub,
    private readonly operationId: string | undefined,
    private readonly label: string,
    private readonly total: number,
  ) {}

  add(bytes: number, message?: string): void {
    this.done += bytes;
    const now = Date.now();
    if (now - this.lastEmit >= 200) {
      this.lastEmit = now;
      this.emit(message, false);
    }
  }

  step(message: string): void {
    this.lastEmit = Date.now();
    this.emit(message, false);
  }

  finish(message: string): void {
    this.done = this.total;
    this.emit(message, true);
  }

  private emit(message: string | undefined, finished: boolean): void {
    if (!this.operationId) return;
    this.events.emit('operation.progress', {
      operationId: this.operationId,
      label: this.label,
      done: Math.min(this.done, this.total),
      total: this.total,
      message,
      finished,
    });
  }
}
