// Reads and writes AMI transcripts in the format of /work/shared/asterisk/ami-capture.mjs:
// `# banner <line>`, then per frame `# rx <ISO time>` (read) or `# tx <ISO time>` (sent) followed by its lines and
// a blank line.
// Other lines starting with `# ` are comments (hand-written transcripts say so there).
import fs from 'node:fs';
import type { FloorEvent } from '../../shared/events.ts';
import {
  createMapperState,
  mapFrame,
  type MapperOptions,
  type MapperState,
  type MapResult,
  tick,
} from '../../server/cti/ami/mapper.ts';
import { type AmiMessage, parseFrame } from '../../server/cti/ami/protocol.ts';

export interface TranscriptFrame {
  /** When the capture received the frame (ms since the epoch). */
  rxMs: number;
  msg: AmiMessage;
}

/** The frames the client read (`# rx`); what it sent (`# tx`, in recorded sessions) is left out. */
export function parseTranscript(text: string): TranscriptFrame[] {
  return parseSession(text)
    .filter((f) => f.dir === 'rx')
    .map(({ rxMs, msg }) => ({ rxMs, msg }));
}

export function readTranscript(path: string): TranscriptFrame[] {
  return parseTranscript(fs.readFileSync(path, 'utf8'));
}

/** Both directions of a recorded session (ami-tap.ts): `# tx` frames the client sent, `# rx` frames it read. */
export function parseSession(text: string): Array<TranscriptFrame & { dir: 'rx' | 'tx' }> {
  const frames: Array<TranscriptFrame & { dir: 'rx' | 'tx' }> = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l !== '');
    const at = lines.findIndex((l) => /^# (rx|tx) /.test(l));
    if (at < 0) continue;
    const rxMs = Date.parse(lines[at]!.slice(5).trim());
    if (!Number.isFinite(rxMs)) throw new Error(`bad transcript time: ${lines[at]}`);
    const body = lines.slice(at + 1).filter((l) => !l.startsWith('# '));
    frames.push({ dir: lines[at]!.slice(2, 4) as 'rx' | 'tx', rxMs, msg: parseFrame(body.join('\n')) });
  }
  return frames;
}

/** One frame as the capture tool records it (`frame` is the raw text with CRLF line ends). */
export function formatTranscriptFrame(rx: Date, frame: string): string {
  return `# rx ${rx.toISOString()}\n${frame.replace(/\r\n/g, '\n')}\n\n`;
}

export interface Replay {
  events: FloorEvent[];
  notes: string[];
  state: MapperState;
}

/**
 * Feeds a transcript through the mapper as the adapter would: each frame at its arrival time, and a tick every
 * second in between (the adapter's timer), then one final tick `tailMs` after the last frame.
 */
export function replayTranscript(frames: TranscriptFrame[], opts: MapperOptions, tailMs = 60_000): Replay {
  let state = createMapperState();
  const events: FloorEvent[] = [];
  const notes: string[] = [];
  const take = (r: MapResult) => {
    state = r.state;
    events.push(...r.events);
    notes.push(...r.notes);
  };
  let clock: number | undefined;
  for (const f of frames) {
    if (clock !== undefined) for (let t = clock + 1000; t < f.rxMs; t += 1000) take(tick(state, opts, t));
    clock = f.rxMs;
    take(mapFrame(state, f.msg, opts, f.rxMs));
  }
  if (clock !== undefined) take(tick(state, opts, clock + tailMs));
  return { events, notes, state };
}
