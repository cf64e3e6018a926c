// The age of the numbers on screen, shared with every tile so each can say when its figures are old.
import { getContext, setContext } from 'svelte';

export interface Freshness {
  /** Seconds since the newest facts the screen holds (lib/freshness.ts). */
  readonly ageSec: number;
  /** The board's tolerance: older than this, a tile marks its figures as old. */
  readonly limitSec: number;
}

const KEY = Symbol('freshness');

export function provideFreshness(f: Freshness): void {
  setContext(KEY, f);
}

/** A tile outside a wall (none today) sees its figures as fresh. */
export function useFreshness(): Freshness {
  return getContext<Freshness | undefined>(KEY) ?? { ageSec: 0, limitSec: Infinity };
}
