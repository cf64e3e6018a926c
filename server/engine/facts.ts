// The facts behind the queue statistics, so any figure can be explained call by call. Stored as parallel arrays:
// a large floor counts a million calls a day, and one object per fact cost three times the memory.

/**
 * One fact a queue statistic counted. `ts` is the instant it counted at (answer, abandon, or end of wrap-up),
 * which is what puts it in a window.
 */
export type CallFact =
  | { kind: 'answered'; callId: string; queueId: string; ts: number; waitStartTs: number; waitSec: number }
  | { kind: 'abandoned'; callId: string; queueId: string; ts: number; waitStartTs: number; waitSec: number }
  | {
      kind: 'handled';
      callId: string;
      queueId: string | null;
      agentId: string;
      ts: number;
      answeredTs: number;
      talkSec: number;
      holdSec: number;
      acwSec: number;
    };

const KINDS = ['answered', 'abandoned', 'handled'] as const;
const KIND = { answered: 0, abandoned: 1, handled: 2 } as const;

export interface Facts {
  kind: number[];
  callId: string[];
  queueId: (string | null)[];
  agentId: (string | null)[];
  ts: number[];
  /** waitStartTs, or answeredTs of a handled call */
  since: number[];
  /** waitSec, or talkSec of a handled call */
  sec: number[];
  holdSec: number[];
  acwSec: number[];
}

export function newFacts(): Facts {
  return { kind: [], callId: [], queueId: [], agentId: [], ts: [], since: [], sec: [], holdSec: [], acwSec: [] };
}

export function record(f: Facts, fact: CallFact): void {
  f.kind.push(KIND[fact.kind]);
  f.callId.push(fact.callId);
  f.queueId.push(fact.queueId);
  f.ts.push(fact.ts);
  if (fact.kind === 'handled') {
    f.agentId.push(fact.agentId);
    f.since.push(fact.answeredTs);
    f.sec.push(fact.talkSec);
    f.holdSec.push(fact.holdSec);
    f.acwSec.push(fact.acwSec);
  } else {
    f.agentId.push(null);
    f.since.push(fact.waitStartTs);
    f.sec.push(fact.waitSec);
    f.holdSec.push(0);
    f.acwSec.push(0);
  }
}

export function size(f: Facts): number {
  return f.ts.length;
}

/** Drops the facts in front of the first one counted at or after keepFrom (they are in fold order). */
export function dropBefore(f: Facts, keepFrom: number): void {
  let drop = 0;
  while (drop < f.ts.length && f.ts[drop]! < keepFrom) drop++;
  if (drop === 0) return;
  for (const column of Object.values(f) as unknown[][]) column.splice(0, drop);
}

/** The facts whose instant passes `within`, as objects. */
export function select(f: Facts, within: (ts: number) => boolean): CallFact[] {
  const out: CallFact[] = [];
  for (let i = 0; i < f.ts.length; i++) if (within(f.ts[i]!)) out.push(at(f, i));
  return out;
}

function at(f: Facts, i: number): CallFact {
  const kind = KINDS[f.kind[i]!]!;
  const common = { callId: f.callId[i]!, ts: f.ts[i]! };
  if (kind === 'handled') {
    return {
      kind,
      ...common,
      queueId: f.queueId[i]!,
      agentId: f.agentId[i]!,
      answeredTs: f.since[i]!,
      talkSec: f.sec[i]!,
      holdSec: f.holdSec[i]!,
      acwSec: f.acwSec[i]!,
    };
  }
  return { kind, ...common, queueId: f.queueId[i]!, waitStartTs: f.since[i]!, waitSec: f.sec[i]! };
}
