// Redis stream ids are "<ms>-<seq>". Comparing them as strings is wrong ("9-0" > "10-0"), so compare the numbers.

const ID = /^(\d+)-(\d+)$/;

function parts(id: string): [bigint, bigint] {
  const m = ID.exec(id);
  if (!m) throw new Error(`not a stream id: "${id}"`);
  // Both parts are 64-bit unsigned in Redis; BigInt keeps ids beyond 2^53 exact.
  return [BigInt(m[1]!), BigInt(m[2]!)];
}

export function isStreamId(id: string): boolean {
  return ID.test(id);
}

/** Negative, zero or positive as a is before, equal to or after b in stream order. */
export function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

/** The time part of an id: when Redis added the entry (for ids Redis generated), in ms since the epoch. */
export function idTimeMs(id: string): number {
  return Number(parts(id)[0]);
}
