// Deep equality with a relative tolerance for numbers: sums taken in another order differ in the last bits.
import { expect } from 'vitest';

export function expectClose(actual: unknown, expected: unknown, path = '$', rel = 1e-9, abs = 0): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tol = Math.max(abs, rel * Math.max(1, Math.abs(expected)));
    if (Math.abs(actual - expected) > tol) expect.fail(`${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object') {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys)
      expectClose(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
        rel,
        abs,
      );
    return;
  }
  if (actual !== expected) expect.fail(`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
}
