// Which alert a big screen shows first: the most severe, and among equals the unacknowledged, then the oldest.
import type { Alert } from '../../../shared/alerts.ts';

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

export function byUrgency(alerts: readonly Alert[]): Alert[] {
  return alerts
    .filter((a) => a.state === 'firing' || a.state === 'acknowledged')
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        Number(a.state === 'acknowledged') - Number(b.state === 'acknowledged') ||
        (a.firedAt ?? a.since) - (b.firedAt ?? b.since),
    );
}
