// What the floor keeps open besides calls: callbacks waiting in a queue, and system faults.
import type { EventOf } from '../../../shared/events.ts';
import { CLOSED_FAULTS_KEPT, queue as queueRec, type EngineState } from '../state.ts';
import { touchQueue } from './agent-state.ts';

export function callbackRequested(s: EngineState, e: EventOf<'callback.requested'>): void {
  queueRec(s, e.queueId).callbacks.set(e.callbackId, e.dueTs ?? null);
  touchQueue(s, e.queueId);
}

export function callbackCompleted(s: EngineState, e: EventOf<'callback.completed'>): void {
  if (!queueRec(s, e.queueId).callbacks.delete(e.callbackId)) s.stats.anomalies++;
  touchQueue(s, e.queueId);
}

export function fault(s: EngineState, e: EventOf<'system.fault'>): void {
  if (e.resolved) {
    const open = s.faults.get(e.faultId);
    if (!open) s.stats.anomalies++;
    else {
      s.faults.delete(e.faultId);
      s.closedFaults.push({ ...open, closedTs: e.ts });
      if (s.closedFaults.length > CLOSED_FAULTS_KEPT)
        s.closedFaults.splice(0, s.closedFaults.length - CLOSED_FAULTS_KEPT);
    }
  } else if (!s.faults.has(e.faultId)) {
    s.faults.set(e.faultId, {
      id: e.faultId,
      component: e.component,
      severity: e.severity,
      message: e.message ?? null,
      sinceTs: e.ts,
    });
  }
}
