import type { Duplex } from 'node:stream';
import type { Transcript } from './transcript';

// Reads SMTP replies (RFC 5321 §4.2) from a socket we do not trust: lines are capped in length, a reply
// in number of lines, and the unread backlog in bytes, so a server that never stops talking cannot make
// us wait or buffer without bound. detach() hands the socket on (to TLS) and throws away anything the
// server sent before the handshake (RFC 3207 §6: never act on pre-TLS bytes).

export interface SmtpReply {
  code: number;
  lines: string[];
}

export type ProtocolProblem = 'garbage' | 'line-too-long' | 'reply-too-long' | 'flood' | 'closed' | 'timeout';

export class SmtpProtocolError extends Error {
  constructor(
    readonly problem: ProtocolProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SmtpProtocolError';
  }
}

export interface ReaderLimits {
  maxLineBytes: number;
  maxReplyLines: number;
  maxBacklogBytes: number;
}

const DEFAULT_LIMITS: ReaderLimits = { maxLineBytes: 4096, maxReplyLines: 100, maxBacklogBytes: 256 * 1024 };

const REPLY_LINE = /^(\d{3})(?:([ -])(.*))?$/;

export class ReplyReader {
  private partial = '';
  private readonly queue: string[] = [];
  private backlog = 0;
  private failure?: SmtpProtocolError;
  private wake?: () => void;
  private stream?: Duplex;

  constructor(
    private readonly transcript: Transcript,
    private readonly limits: ReaderLimits = DEFAULT_LIMITS,
  ) {}

  private readonly onData = (chunk: Buffer) => {
    if (this.failure) return;
    this.partial += chunk.toString('latin1');
    this.backlog += chunk.length;
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      this.queue.push(this.partial.slice(0, nl).replace(/\r$/, ''));
      this.partial = this.partial.slice(nl + 1);
    }
    if (this.partial.length > this.limits.maxLineBytes) {
      this.fail(new SmtpProtocolError('line-too-long', `the server sent a line longer than ${this.limits.maxLineBytes} bytes`));
    } else if (this.backlog > this.limits.maxBacklogBytes) {
      this.fail(
        new SmtpProtocolError('flood', `the server sent more than ${Math.round(this.limits.maxBacklogBytes / 1024)} KB we did not ask for`),
      );
    }
    this.wake?.();
  };

  private readonly onEnd = () => this.fail(new SmtpProtocolError('closed', 'the server closed the connection'));
  private readonly onError = (err: Error) => this.fail(new SmtpProtocolError('closed', `connection error: ${err.message}`));

  private fail(err: SmtpProtocolError) {
    this.failure ??= err;
    this.wake?.();
  }

  attach(stream: Duplex): void {
    this.stream = stream;
    this.failure = undefined;
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
  }

  // Stops reading and returns how many unread bytes were thrown away.
  detach(): number {
    const s = this.stream;
    if (s) {
      s.off('data', this.onData);
      s.off('end', this.onEnd);
      s.off('close', this.onEnd);
      s.off('error', this.onError);
    }
    const discarded = Buffer.byteLength(this.partial, 'latin1') + this.queue.reduce((n, l) => n + Buffer.byteLength(l, 'latin1') + 2, 0);
    this.partial = '';
    this.queue.length = 0;
    this.backlog = 0;
    this.stream = undefined;
    return discarded;
  }

  private async nextLine(deadline: number): Promise<string> {
    for (;;) {
      // A flood or an overlong line ends reading at once; after a close, what arrived first is still read.
      if (this.failure && this.failure.problem !== 'closed') throw this.failure;
      const line = this.queue.shift();
      if (line !== undefined) {
        this.backlog = Math.max(0, this.backlog - line.length - 2);
        return line;
      }
      if (this.failure) throw this.failure;
      const wait = deadline - Date.now();
      if (wait <= 0) throw new SmtpProtocolError('timeout', 'no complete reply before the time limit');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  // One complete reply. `acceptCodes`, when given, skips whole replies with other codes first (up to
  // `maxSkipped`): a "250-STARTTLS" some appliances send before their greeting is not the greeting.
  async readReply(timeoutMs: number, opts: { acceptCodes?: (code: number) => boolean; maxSkipped?: number } = {}): Promise<SmtpReply> {
    const deadline = Date.now() + timeoutMs;
    let skipped = 0;
    for (;;) {
      const lines: string[] = [];
      let code = 0;
      for (;;) {
        const line = await this.nextLine(deadline);
        this.transcript.add('S', line);
        const m = REPLY_LINE.exec(line);
        if (!m) throw new SmtpProtocolError('garbage', `the server sent something that is not an SMTP reply: "${line.slice(0, 80)}"`);
        const c = Number(m[1]);
        if (lines.length && c !== code) {
          // An unfinished "250-…" before the greeting, then the greeting itself: drop the fragment.
          if (!opts.acceptCodes || opts.acceptCodes(code))
            throw new SmtpProtocolError('garbage', 'a multi-line reply changed its reply code midway');
          this.transcript.add('i', `ignored an unfinished ${code} reply that came before the greeting`);
          if (++skipped > (opts.maxSkipped ?? 0))
            throw new SmtpProtocolError('garbage', `the server sent ${skipped} replies before its greeting`);
          lines.length = 0;
        }
        code = c;
        lines.push(m[3] ?? '');
        if (lines.length > this.limits.maxReplyLines) {
          throw new SmtpProtocolError('reply-too-long', `a reply ran past ${this.limits.maxReplyLines} lines without ending`);
        }
        if (m[2] !== '-') break;
      }
      if (!opts.acceptCodes || opts.acceptCodes(code)) return { code, lines };
      this.transcript.add('i', `ignored a ${code} reply that came before the greeting`);
      if (++skipped > (opts.maxSkipped ?? 0))
        throw new SmtpProtocolError('garbage', `the server sent ${skipped} replies before its greeting`);
    }
  }
}
