// The interval_rows columns: one per tally counter (migrations/…_history.sql), named in snake_case.
import { F, type Field } from '../engine/tally.ts';

/** Every counter a row stores, in column order. */
export const STORED_FIELDS = [
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
] as const satisfies readonly Field[];

/** Maxima, not sums, when intervals are combined. */
export const MAX_FIELDS: ReadonlySet<Field> = new Set<Field>(['maxWait', 'peakWaiting']);

const column = (f: Field): string => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const COLUMNS = STORED_FIELDS.map(column);
export const INDEX = STORED_FIELDS.map((f) => F[f]);
