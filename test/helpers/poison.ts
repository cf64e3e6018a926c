// Poison for the ingest (issue 10): names every JavaScript object carries, and timestamps no clock should trust.
import fc from 'fast-check';

/** `constructor`, `__proto__`, `toString`, `valueOf`, `hasOwnProperty`, … */
export const PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

const DAY_MS = 86_400_000;

/**
 * A ts the node must refuse, given the instant the entry is written: µs, days or years ahead, older than the
 * 48 h retention, in seconds, a number no Date holds, or no number at all. As JSON text, so it can also be 1e400
 * (Infinity once parsed).
 */
function badTs(now: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(String(Math.floor(now / 1000))), // seconds: January 1970
    fc.constant(String(now * 1000)), // µs
    fc.integer({ min: 2, max: 4 }).map((d) => String(now + d * DAY_MS)), // days ahead
    fc.integer({ min: 301, max: 10_000 }).map((s) => String(now + s * 1000)), // just past the 300 s skew
    fc.constant(String(now + 50 * 365 * DAY_MS)), // far future
    fc.constant(String(now - 49 * 3_600_000)), // older than retention
    fc.constant('0'), // 1970
    fc.constantFrom('8640000000000001', '1e300', '1e400', '-1', '9007199254740993', '"NaN"', 'null', '1764300000000.5'),
  );
}

/** One bad entry's `event` text: a type that is a prototype member, or a good shape with a ts from badTs. */
export function poisonEntry(now: number): fc.Arbitrary<string> {
  const protoType = fc
    .constantFrom(...PROTOTYPE_NAMES)
    .map((type) => JSON.stringify({ id: `p-${type}`, type, ts: now }));
  const badTime = fc
    .tuple(badTs(now), fc.constantFrom(...PROTOTYPE_NAMES))
    .map(
      ([ts, name]) =>
        `{"id":"t-${name}","type":"call.offered","ts":${ts},"callId":${JSON.stringify(name)},"queueId":"sales"}`,
    );
  return fc.oneof(protoType, badTime);
}
