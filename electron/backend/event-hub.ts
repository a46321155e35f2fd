import { eventSchemas, type EventName, type EventPayload } from '../../shared/contract/events';

export type EventListener = (name: EventName, payload: unknown) => void;

// Pushes to every connected renderer (Electron window, SSE client, Playwright page). Payloads are
// validated against the contract so a transport never forwards something the renderer cannot read.
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed = eventSchemas[name].parse(payload);
    for (const l of this.listeners) {
      try {
        l(name, parsed);
      } catch {
        // A broken listener (closed window, dropped SSE stream) must not stop the others.
      }
    }
  }
}
