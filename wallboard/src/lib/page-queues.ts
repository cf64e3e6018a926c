// The queues a board page shows: its queue group's (`group`), else the ones it lists (`queues`), else all.
import type { BoardPage } from '../../../shared/boards.ts';
import type { QueueView, Snapshot } from '../../../shared/snapshot.ts';

export function pageQueues(
  snapshot: Pick<Snapshot, 'queues' | 'groups'>,
  page: Pick<BoardPage, 'group' | 'queues'>,
): QueueView[] {
  if (page.group !== undefined) {
    const members = snapshot.groups.find((g) => g.id === page.group)?.queues ?? [];
    return snapshot.queues.filter((q) => members.includes(q.id));
  }
  return page.queues ? snapshot.queues.filter((q) => page.queues!.includes(q.id)) : snapshot.queues;
}
