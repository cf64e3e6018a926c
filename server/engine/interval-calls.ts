// The call records of one interval (CONTRACT §6 calls report), from the engine's facts: each leg that was
// handled (wrap-up ended) or abandoned in [start, end), with its answered fact for the wait; and its fault records.
// Pure.
import type { CallRecord, FaultRecord } from '../../shared/history.ts';
import { isShortAbandon } from '../../shared/metrics.ts';
import type { EngineState } from './state.ts';

const ANSWERED = 0;
const ABANDONED = 1;
const HANDLED = 2;

export function intervalCalls(state: EngineState, start: number, end: number): CallRecord[] {
  const f = state.facts;
  const answered = new Map<string, number>();
  const out: CallRecord[] = [];
  for (let i = 0; i < f.ts.length; i++) {
    const kind = f.kind[i]!;
    const callId = f.callId[i]!;
    if (kind === ANSWERED) answered.set(callId, i);
    const ts = f.ts[i]!;
    if (ts < start || ts >= end || kind === ANSWERED) continue;
    if (kind === ABANDONED) {
      const queueId = f.queueId[i]!;
      const S = state.queues.get(queueId ?? '')?.config.shortAbandonSec ?? 5;
      out.push(
        record(callId, ts, 'inbound', queueId, null, {
          offeredTs: f.since[i]!,
          waitSec: f.sec[i]!,
          outcome: isShortAbandon(f.sec[i]!, S) ? 'abandonedShort' : 'abandoned',
        }),
      );
    } else if (kind === HANDLED) {
      const a = answered.get(callId);
      const answeredTs = f.since[i]!;
      const talk = f.sec[i]!;
      const hold = f.holdSec[i]!;
      // An inbound leg has its answer among the facts; an outbound one (or an answer without a known offer) has none.
      const inbound = a !== undefined && f.ts[a] === answeredTs;
      out.push(
        record(callId, ts, inbound ? 'inbound' : 'outbound', f.queueId[i]!, f.agentId[i]!, {
          offeredTs: inbound ? f.since[a]! : null,
          waitSec: inbound ? f.sec[a]! : null,
          answeredTs,
          endedTs: Math.round(answeredTs + (talk + hold) * 1000),
          wrapupTs: ts,
          talkSec: talk,
          holdSec: hold,
          acwSec: f.acwSec[i]!,
          outcome: inbound ? 'answered' : 'outbound',
        }),
      );
    }
  }
  return out;
}

function record(
  callId: string,
  closedTs: number,
  direction: CallRecord['direction'],
  queueId: string | null,
  agentId: string | null,
  rest: Partial<CallRecord> & Pick<CallRecord, 'outcome'>,
): CallRecord {
  return {
    callId,
    closedTs,
    direction,
    queueId,
    agentId,
    offeredTs: null,
    answeredTs: null,
    endedTs: null,
    wrapupTs: null,
    waitSec: null,
    talkSec: null,
    holdSec: null,
    acwSec: null,
    disposition: null,
    survey: null,
    qa: null,
    ...rest,
  };
}

/** The fault records an interval's write carries: every fault open now, and those closed in [start, end). */
export function intervalFaults(state: EngineState, start: number, end: number): FaultRecord[] {
  const out: FaultRecord[] = [];
  for (const f of state.faults.values()) {
    if (f.sinceTs < end)
      out.push({
        faultId: f.id,
        component: f.component,
        severity: f.severity,
        message: f.message,
        openedTs: f.sinceTs,
        closedTs: null,
        durationSec: null,
      });
  }
  for (const f of state.closedFaults) {
    if (f.closedTs >= start && f.closedTs < end) {
      out.push({
        faultId: f.id,
        component: f.component,
        severity: f.severity,
        message: f.message,
        openedTs: f.sinceTs,
        closedTs: f.closedTs,
        durationSec: (f.closedTs - f.sinceTs) / 1000,
      });
    }
  }
  return out;
}
