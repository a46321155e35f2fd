// The conversation with a mail server as evidence: what it said (S), what we sent (C) and what we
// observed (i), with milliseconds since the session began. Bounded, because the server is not ours.

export interface TranscriptEntry {
  t: number;
  dir: 'S' | 'C' | 'i';
  text: string;
}

const MAX_ENTRIES = 300;
const MAX_TEXT = 400;

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  dropped = 0;
  private readonly started = Date.now();

  add(dir: TranscriptEntry['dir'], text: string): void {
    if (this.entries.length >= MAX_ENTRIES) {
      this.dropped++;
      return;
    }
    // eslint-disable-next-line no-control-regex -- control characters from a hostile server are made visible, not printed
    const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    this.entries.push({
      t: Date.now() - this.started,
      dir,
      text: clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}… (${clean.length} characters)` : clean,
    });
  }

  toJSON(): { entries: TranscriptEntry[]; dropped: number } {
    return { entries: this.entries, dropped: this.dropped };
  }
}
