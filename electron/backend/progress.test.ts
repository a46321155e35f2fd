import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../shared/contract/events';
import { ProgressEmitter } from './progress';

type Sent = EventPayload<'operation.progress'>;

function setUp(operationId: string | undefined) {
  const sent: Sent[] = [];
  const events = { emit: (_name: 'operation.progress', p: Sent) => void sent.push(p) } as never;
  return { sent, progress: new ProgressEmitter(events, operationId, 'Copying', { intervalMs: 200 }) };
}

describe('ProgressEmitter', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('sends the first update at once, then at most one per interval, and the latest one after the pause', () => {
    const { sent, progress } = setUp('op-1');
    for (let done = 1; done <= 50; done++) progress.update({ done, total: 100 });
    expect(sent.map((e) => e.done)).toEqual([1]);
    vi.advanceTimersByTime(199);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent.map((e) => e.done)).toEqual([1, 50]);
    expect(sent[1]).toEqual({ operationId: 'op-1', label: 'Copying', done: 50, total: 100, finished: false });
    // Nothing pending: no timer sends a repeat.
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  it('sends a step at once, even inside the interval, with its own label', () => {
    const { sent, progress } = setUp('op-1');
    progress.update({ done: 1 });
    progress.step({ done: 1, message: 'Phase two', label: 'Verifying' });
    expect(sent.map((e) => [e.label, e.message])).toEqual([
      ['Copying', undefined],
      ['Verifying', 'Phase two'],
    ]);
  });

  it('finish is the last event: sent at once, a pending update dropped, later calls ignored', () => {
    const { sent, progress } = setUp('op-1');
    progress.update({ done: 1 });
    progress.update({ done: 2 });
    progress.finish({ done: 3, total: 3, message: 'Done' });
    progress.update({ done: 4 });
    progress.step({ done: 5 });
    progress.finish({ done: 6 });
    vi.advanceTimersByTime(1000);
    expect(sent.map((e) => [e.done, e.finished])).toEqual([
      [1, false],
      [3, true],
    ]);
  });

  it('sends nothing for an operation the caller did not name', () => {
    const { sent, progress } = setUp(undefined);
    progress.update({ done: 1 });
    progress.step({ done: 1 });
    progress.finish({ done: 1 });
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});
