// The Asterisk Manager Interface wire format: a banner line, then frames of `Key: Value` lines ended by a blank line.

/** One AMI frame (an event, a response, or an action we send). Keys may repeat (`ChanVariable`, `Output`). */
export class AmiMessage {
  constructor(readonly pairs: ReadonlyArray<readonly [string, string]>) {}

  /** The first value of a key; AMI keys are matched without regard to case, as Asterisk itself does. */
  get(key: string): string | undefined {
    const k = key.toLowerCase();
    for (const [name, value] of this.pairs) if (name.toLowerCase() === k) return value;
    return undefined;
  }

  /** Every value of a key, in order. */
  all(key: string): string[] {
    const k = key.toLowerCase();
    return this.pairs.filter(([name]) => name.toLowerCase() === k).map(([, value]) => value);
  }

  /** The event name for an event frame, otherwise undefined. */
  get event(): string | undefined {
    return this.get('Event');
  }

  /** Event time in ms from the `Timestamp` field (`timestampevents=yes`: seconds with microseconds). */
  get timestampMs(): number | undefined {
    const raw = this.get('Timestamp');
    if (raw === undefined) return undefined;
    const sec = Number(raw);
    return Number.isFinite(sec) && sec > 0 ? Math.round(sec * 1000) : undefined;
  }

  static from(fields: Record<string, string>): AmiMessage {
    return new AmiMessage(Object.entries(fields));
  }
}

/** Parses one frame's text (lines without the terminating blank line). Lines without a colon are kept under key ''. */
export function parseFrame(text: string): AmiMessage {
  const pairs: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) {
      pairs.push(['', line]);
      continue;
    }
    // The value starts after ": "; Asterisk always writes the space, but a bare ":" is tolerated.
    const value = line.slice(colon + 1);
    pairs.push([line.slice(0, colon).trim(), value.startsWith(' ') ? value.slice(1) : value]);
  }
  return new AmiMessage(pairs);
}

const BANNER = /^Asterisk Call Manager\/(\S+)/;

/**
 * Incremental parser for an AMI TCP byte stream. Feed it chunks as they arrive, in any split:
 * a frame, a line, a CRLF or a multi-byte character may straddle two chunks.
 */
export class AmiParser {
  private buf = '';
  private readonly decoder = new TextDecoder('utf-8');
  private bannerSeen = false;
  /** The version announced by the banner, once seen. */
  banner: string | undefined;

  push(chunk: Uint8Array | string): AmiMessage[] {
    this.buf += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const frames: AmiMessage[] = [];
    if (!this.bannerSeen) {
      const eol = this.buf.indexOf('\n');
      if (eol < 0) return frames;
      const line = this.buf.slice(0, eol).replace(/\r$/, '');
      const m = BANNER.exec(line);
      // The banner is one line with a single line end, unlike every later frame.
      if (m) {
        this.banner = m[1];
        this.buf = this.buf.slice(eol + 1);
      }
      this.bannerSeen = true;
    }
    for (;;) {
      const end = frameEnd(this.buf);
      if (!end) break;
      const text = this.buf.slice(0, end.start);
      this.buf = this.buf.slice(end.next);
      if (text.trim() !== '') frames.push(parseFrame(text));
    }
    return frames;
  }

  /** Forgets any partial frame and expects a new banner: call on every new connection. */
  reset(): void {
    this.buf = '';
    this.bannerSeen = false;
    this.banner = undefined;
  }
}

/** Finds the first blank line: CRLF CRLF as Asterisk sends it, or LF LF from lenient peers. */
function frameEnd(buf: string): { start: number; next: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return undefined;
  if (lf >= 0 && (crlf < 0 || lf < crlf)) return { start: lf, next: lf + 2 };
  return { start: crlf, next: crlf + 4 };
}

/** Serialises an action. Array values repeat the key (`Variable: a=1`, `Variable: b=2`). */
export function formatAction(fields: Record<string, string | number | boolean | ReadonlyArray<string>>): string {
  let out = '';
  for (const [key, value] of Object.entries(fields)) {
    const values = Array.isArray(value) ? value : [String(value)];
    for (const v of values) {
      // A line break inside a value would let it start a new header or end the frame early.
      if (/[\r\n]/.test(key) || /[\r\n]/.test(v))
        throw new Error(`AMI field ${JSON.stringify(key)} contains a line break`);
      out += `${key}: ${v}\r\n`;
    }
  }
  return `${out}\r\n`;
}
