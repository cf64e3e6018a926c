// Redis stream ids are "<ms>-<seq>". Comparing them as strings is wrong ("9-0" > "10-0"), so compare the numbers.

const ID = /^(\d+)-(\d+)$/;

export function isStreamId(id: string): boolean {
  return ID.test(id);
}

/** The two numbers of an id, as digit strings without leading zeros (both are 64-bit unsigned in Redis). */
function parts(id: string): [string, string] {
  const m = ID.exec(id);
  if (!m) throw new Error(`not a stream id: "${id}"`);
  return [m[1]!.replace(/^0+(?=\d)/, ''), m[2]!.replace(/^0+(?=\d)/, '')];
}

/** Compares two unsigned decimal numbers of any size: the longer is larger, else the digits decide. */
function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative, zero or positive as a is before, equal to or after b in stream order. Called for every entry read. */
export function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  return compareDigits(aMs, bMs) || compareDigits(aSeq, bSeq);
}

/** The time part of an id: when Redis added the entry (for ids Redis generated), in ms since the epoch. */
export function idTimeMs(id: string): number {
  return Number(parts(id)[0]);
}
