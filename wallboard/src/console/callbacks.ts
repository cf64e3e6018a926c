// A queue's callback requests in the order they fall due: the earliest (the most overdue) first, those without a
// time last, ties by id so the list does not shuffle between refreshes.
import type { QueueDetail } from './types.ts';

type Callback = QueueDetail['callbacks'][number];

export function byDue(callbacks: readonly Callback[]): Callback[] {
  return callbacks.toSorted((a, b) => {
    if (a.dueTs !== b.dueTs) {
      if (a.dueTs === null) return 1;
      if (b.dueTs === null) return -1;
      return a.dueTs - b.dueTs;
    }
    return a.callbackId < b.callbackId ? -1 : a.callbackId > b.callbackId ? 1 : 0;
  });
}
