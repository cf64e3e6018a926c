// The interval_rows columns: one per tally counter (migrations/…_history.sql), named in snake_case.
import { F, FIELDS, type Field } from '../engine/tally.ts';

/** Every counter a row stores, in column order: every tally counter (a new counter needs its migration). */
export const STORED_FIELDS = FIELDS;

/** Maxima, not sums, when intervals are combined. */
export const MAX_FIELDS: ReadonlySet<Field> = new Set<Field>(['maxWait', 'peakWaiting']);

const column = (f: Field): string => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const COLUMNS = STORED_FIELDS.map(column);
export const INDEX = STORED_FIELDS.map((f) => F[f]);
