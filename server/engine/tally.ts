// Counters of one entity over one span of time, as a flat Float64Array: cheap to add, copy and checkpoint.

export const FIELDS = [
  'offered',
  'answered',
  'answeredWithinSl',
  'answeredWaitSum',
  'abandoned',
  'abandonedShort',
  'abandonedWithinSl',
  'maxWait',
  'handled',
  'handleTalk',
  'handleHold',
  'handleAcw',
  'dialed',
  'connected',
  'failed',
  'outTalkingMs',
  'csatSum',
  'csatN',
  'qaSum',
  'qaN',
  'talkingMs',
  'holdMs',
  'acwMs',
  'dialingMs',
  'availableMs',
  'auxMs',
  'peakWaiting',
  'missed',
] as const;

export type Field = (typeof FIELDS)[number];
export type Tally = Float64Array;

/** Field name → index into a Tally. */
export const F = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as { [K in Field]: number };

/** The counter that accumulates the time agents spend in each logged-in state. */
export const STATE_FIELD = {
  talking: F.talkingMs,
  hold: F.holdMs,
  acw: F.acwMs,
  dialing: F.dialingMs,
  available: F.availableMs,
  aux: F.auxMs,
} as const;

const MAX_WAIT = F.maxWait;
const PEAK_WAITING = F.peakWaiting;

export function newTally(): Tally {
  return new Float64Array(FIELDS.length);
}

/** into += the tally at `offset` in from, except maxWait and peakWaiting, which are maxima. */
export function addInto(into: Tally, from: Float64Array, offset = 0): void {
  for (let i = 0; i < into.length; i++) {
    const v = from[offset + i]!;
    into[i] = i === MAX_WAIT || i === PEAK_WAITING ? Math.max(into[i]!, v) : into[i]! + v;
  }
}

/** A read-only, named view of a tally for the metric definitions. */
export function read(t: Tally): { [K in Field]: number } {
  const out = {} as { [K in Field]: number };
  for (let i = 0; i < FIELDS.length; i++) out[FIELDS[i]!] = t[i]!;
  return out;
}
