// Whether a queue card shows inbound figures (waiting, service level, ASA, abandoned) or outbound ones (dials,
// connects, contact rate, dials per agent-hour). The config does not say which queues are campaigns, so the day's
// traffic does: a queue that dialled today and was offered no inbound call is an outbound campaign.
import type { QueueView } from '../../../shared/snapshot.ts';

export function isOutbound(q: QueueView): boolean {
  const today = q.windows.today;
  return today.outbound.dialed > 0 && today.offered === 0 && q.waiting === 0;
}
