// Typed factories for hand-made views and snapshots: an idle floor's values, with only what a test names differing.
// Typed against shared/snapshot.ts, so a field added there shows up here (and nowhere else) as a type error.
import type { AgentCounts, AgentWindow, Nowcast, QueueWindow, Windows } from '../../shared/snapshot.ts';

/** A queue (or center) window with no calls. */
export function queueWindow(over: Partial<QueueWindow> = {}): QueueWindow {
  return {
    offered: 0,
    answered: 0,
    answeredWithinSl: 0,
    abandoned: 0,
    abandonedShort: 0,
    serviceLevel: null,
    asaSec: null,
    abandonRate: null,
    maxWaitSec: null,
    ahtSec: null,
    avgTalkSec: null,
    avgHoldSec: null,
    avgAcwSec: null,
    occupancy: null,
    utilization: null,
    csat: null,
    qa: null,
    outbound: { dialed: 0, connected: 0, failed: 0, connectRate: null, callsPerAgentHour: null, talkSec: 0 },
    ...over,
  };
}

/** An agent window with nothing handled. */
export function agentWindow(over: Partial<AgentWindow> = {}): AgentWindow {
  return {
    handled: 0,
    missed: 0,
    talkSec: 0,
    ahtSec: null,
    occupancy: null,
    utilization: null,
    csat: null,
    qa: null,
    csatSurveys: 0,
    qaScores: 0,
    outbound: { dialed: 0, connected: 0, callsPerAgentHour: null },
    ...over,
  };
}

/** `today` as given, the rolling windows as `rest` (by default the same). */
export function windows<W>(today: W, rest: W = today): Windows<W> {
  return { today, '60m': rest, '15m': rest };
}

/** No agent in any state. */
export function noAgents(): AgentCounts {
  return { loggedIn: 0, available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 0 };
}

/** A now-cast with no call waiting and nothing projected. */
export function noNowcast(over: Partial<Nowcast> = {}): Nowcast {
  return {
    breached: 0,
    breachingSoon: 0,
    nextBreachInSec: null,
    nextBreachTs: null,
    projectedIntervalSl: null,
    ...over,
  };
}
