// The floor model: a discrete-event simulation of a call centre that emits contract events. Pure: time is
// simulated (ms since the start), randomness comes from the seed, so the same options, seed and start time
// give the same events, ids included.
import { firstAux } from './schedule.ts';
import type { EventOf, EventType, FloorEvent } from '../shared/events.ts';
import { Agenda } from './agenda.ts';
import * as B from './behaviour.ts';
import { HOUR, MIN, SEC } from './behaviour.ts';
import { INTRADAY_PEAK, intradayMultiplier, LocalHour } from './curve.ts';
import { checkSimOptions, type SimOptions } from './options.ts';
import { Random } from './random.ts';
import {
  buildRoster,
  CAMPAIGN_PROFILE,
  CAMPAIGN_QUEUE,
  inboundQueues,
  type AgentSpec,
  type Outcome,
  type QueueProfile,
} from './roster.ts';

export interface FloorStats {
  /** The simulated clock (ms since the epoch). */
  simTs: number;
  waiting: number;
  busyAgents: number;
  auxAgents: number;
  agents: number;
}

type AgentState = 'idle' | 'ringing' | 'dialing' | 'talking' | 'hold' | 'acw' | 'aux';
type AuxKind = 'break' | 'lunch' | 'other';

interface Aux {
  reason: string;
  durationMs: number;
}

interface Agent extends AgentSpec {
  state: AgentState;
  /** Bumped on every state change, so a timer set in an earlier state can tell it is stale. */
  epoch: number;
  /** When the current ringing or dialing phase ends. */
  phaseEnd: number;
  /** Aux asked for while busy; it starts when the wrap-up ends. */
  pendingAux: Aux | undefined;
}

interface Call {
  id: string;
  seq: number;
  queue: QueueProfile;
  /** Bumped each time the call is offered to a queue (a transfer offers it anew). */
  leg: number;
  state: 'waiting' | 'ringing' | 'connected' | 'gone';
  waitingSince: number;
  agent: Agent | undefined;
  transfers: number;
}

export class Floor {
  private now = 0;
  private readonly agenda = new Agenda();
  private readonly rng: Random;
  private readonly endMs: number;
  private readonly tag: string;
  private readonly queues: QueueProfile[];
  private readonly agents: Agent[];
  /** Per queue, the idle agents skilled for it, longest idle first (a Map keeps insertion order). */
  private readonly idle = new Map<string, Map<string, Agent>>();
  /** Per queue, the calls waiting in it, oldest first. */
  private readonly waiting = new Map<string, Map<string, Call>>();
  private readonly localHour: LocalHour;
  private out: FloorEvent[] = [];
  private eventSeq = 0;
  private callSeq = 0;
  private callbackSeq = 0;
  private faultSeq = 0;

  constructor(
    private readonly opts: SimOptions,
    private readonly startTs: number,
  ) {
    const problem = checkSimOptions(opts);
    if (problem) throw new RangeError(problem);
    if (!Number.isSafeInteger(startTs) || startTs < 0)
      throw new RangeError(`start must be a time in ms (got ${startTs})`);
    this.rng = new Random(opts.seed);
    this.endMs = opts.durationSec === undefined ? Number.POSITIVE_INFINITY : opts.durationSec * SEC;
    // Ids carry the start time as well as the seed, so a rerun or a history rebuild into the same stream
    // neither repeats event ids (which the server would drop) nor reuses call ids.
    this.tag = startTs.toString(36);
    this.localHour = new LocalHour(opts.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
    this.queues = inboundQueues(opts.queues);
    for (const q of this.queues) {
      this.idle.set(q.id, new Map());
      this.waiting.set(q.id, new Map());
    }
    this.agents = buildRoster(opts.agents, this.queues).map((spec) => ({
      ...spec,
      state: 'idle',
      epoch: 0,
      phaseEnd: 0,
      pendingAux: undefined,
    }));
    this.after(0, () => this.open());
  }

  *events(): Generator<FloorEvent> {
    for (;;) {
      if (this.out.length > 0) {
        const batch = this.out;
        this.out = [];
        yield* batch;
      }
      const next = this.agenda.peekTime();
      if (next === undefined || next >= this.endMs) return;
      const entry = this.agenda.pop()!;
      this.now = entry.at;
      entry.run();
    }
  }

  stats(): FloorStats {
    let waiting = 0;
    for (const calls of this.waiting.values()) waiting += calls.size;
    let busyAgents = 0;
    let auxAgents = 0;
    for (const a of this.agents) {
      if (a.state === 'aux') auxAgents++;
      else if (a.state !== 'idle') busyAgents++;
    }
    return { simTs: this.startTs + this.now, waiting, busyAgents, auxAgents, agents: this.agents.length };
  }

  private open(): void {
    for (const a of this.agents) {
      this.emit('agent.login', { agentId: a.id, name: a.name, teamId: a.teamId, queues: [...a.queues] });
    }
    const scheduled = this.opts.schedule ? firstAux(this.opts.schedule) : null;
    // A scheduled break starts a little late (the agent finishes what it is doing); one on a call waits for wrap-up.
    const when = (at: number | undefined, unscheduled: number) =>
      at === undefined ? unscheduled : at - this.startTs - this.now + this.between(B.SCHEDULED_AUX_LATE_MIN) * MIN;
    for (const a of this.agents) {
      this.setIdle(a);
      const plan = scheduled?.get(a.id);
      this.planAux(a, 'break', when(plan?.break, this.between(B.BREAK.firstAfterMin) * MIN));
      this.planAux(a, 'lunch', when(plan?.lunch, this.between(B.LUNCH.firstAfterHours) * HOUR));
      this.planAux(a, 'other', this.rng.exponential(B.OTHER_AUX.everyHours * HOUR));
    }
    if (this.opts.rate > 0) for (const q of this.queues) this.planArrival(q);
    this.planFault();
  }

  // ---- inbound ---------------------------------------------------------------------------------------------

  // A Poisson process per queue; the intraday curve thins a process running at the curve's peak rate.
  private planArrival(q: QueueProfile): void {
    const intraday = this.opts.curve === 'intraday';
    const peak = intraday ? INTRADAY_PEAK : 1;
    const perMs = (this.opts.rate * q.share * peak) / MIN;
    this.after(this.rng.interArrival(perMs), () => {
      const m = intraday ? intradayMultiplier(this.localHour.at(this.startTs + this.now)) : 1;
      if (!intraday || this.rng.chance(m / peak)) this.arrive(q);
      this.planArrival(q);
    });
  }

  private arrive(q: QueueProfile): void {
    const seq = ++this.callSeq;
    const call: Call = {
      id: `c-${this.tag}-${seq}`,
      seq,
      queue: q,
      leg: 0,
      state: 'waiting',
      waitingSince: this.now,
      agent: undefined,
      transfers: 0,
    };
    this.emit('call.offered', { callId: call.id, queueId: q.id, direction: 'inbound' });
    const patience = this.rng.chance(B.SHORT_ABANDON_SHARE)
      ? this.between(B.SHORT_PATIENCE_SEC)
      : this.lognormal(B.PATIENCE_SEC);
    this.enqueue(call, q, patience * SEC);
  }

  private enqueue(call: Call, q: QueueProfile, patienceMs: number): void {
    call.queue = q;
    call.leg++;
    call.state = 'waiting';
    call.waitingSince = this.now;
    const leg = call.leg;
    this.after(patienceMs, () => {
      if (call.leg === leg && (call.state === 'waiting' || call.state === 'ringing')) this.abandon(call);
    });
    const agent = first(this.idle.get(q.id)!);
    if (agent) this.ring(call, agent);
    else this.waiting.get(q.id)!.set(call.id, call);
  }

  // The agent is reserved while the phone rings; to the server it still looks available, so nothing is emitted.
  private ring(call: Call, agent: Agent): void {
    this.waiting.get(call.queue.id)!.delete(call.id);
    this.leaveIdle(agent);
    this.to(agent, 'ringing');
    call.state = 'ringing';
    call.agent = agent;
    const leg = call.leg;
    const delay = this.between(B.RING_SEC) * SEC;
    agent.phaseEnd = this.now + Math.round(delay);
    this.after(delay, () => {
      if (call.leg === leg && call.state === 'ringing') this.answer(call, agent);
    });
  }

  private abandon(call: Call): void {
    const ringing = call.state === 'ringing' ? call.agent : undefined;
    this.waiting.get(call.queue.id)!.delete(call.id);
    call.state = 'gone';
    call.agent = undefined;
    this.emit('call.abandoned', { callId: call.id });
    if (ringing) this.setIdle(ringing);
  }

  private answer(call: Call, agent: Agent): void {
    call.state = 'connected';
    this.to(agent, 'talking');
    this.emit('call.answered', { callId: call.id, agentId: agent.id });
    const transferTo =
      this.queues.length > 1 && call.transfers === 0 && this.rng.chance(B.TRANSFER_SHARE)
        ? this.rng.weighted(this.queues.filter((q) => q !== call.queue).map((q) => [q, q.share] as const))
        : undefined;
    const talk = transferTo
      ? this.lognormal(B.TALK_BEFORE_TRANSFER_SEC)
      : this.rng.lognormal(call.queue.talkMeanSec, call.queue.talkSdSec);
    let hold = 0;
    if (this.rng.chance(B.HOLD_SHARE)) {
      hold = this.lognormal(B.HOLD_SEC);
      const holdAt = talk * this.between(B.HOLD_AT);
      this.after(holdAt * SEC, () => {
        this.to(agent, 'hold');
        this.emit('call.held', { callId: call.id });
      });
      this.after((holdAt + hold) * SEC, () => {
        this.to(agent, 'talking');
        this.emit('call.retrieved', { callId: call.id });
      });
    }
    this.after((talk + hold) * SEC, () => {
      if (transferTo) this.transfer(call, agent, transferTo);
      else this.hangUp(call, agent, call.queue);
    });
  }

  private transfer(call: Call, agent: Agent, to: QueueProfile): void {
    call.transfers++;
    call.agent = undefined;
    this.to(agent, 'acw');
    this.emit('call.transferred', { callId: call.id, toQueueId: to.id });
    this.wrapUp(call, agent, undefined);
    this.enqueue(call, to, this.lognormal(B.TRANSFERRED_PATIENCE_SEC) * SEC);
  }

  // ---- outbound --------------------------------------------------------------------------------------------

  private planDial(agent: Agent): void {
    const epoch = agent.epoch;
    this.after(this.between(B.DIAL_GAP_SEC) * SEC, () => {
      if (agent.state === 'idle' && agent.epoch === epoch) this.dial(agent);
    });
  }

  private dial(agent: Agent): void {
    const seq = ++this.callSeq;
    const call: Call = {
      id: `c-${this.tag}-${seq}`,
      seq,
      queue: CAMPAIGN_PROFILE,
      leg: 1,
      state: 'ringing',
      waitingSince: this.now,
      agent,
      transfers: 0,
    };
    this.to(agent, 'dialing');
    this.emit('call.dialed', { callId: call.id, agentId: agent.id, queueId: CAMPAIGN_QUEUE, direction: 'outbound' });
    const ring = this.between(B.DIAL_RING_SEC) * SEC;
    agent.phaseEnd = this.now + Math.round(ring);
    this.after(ring, () => {
      if (this.rng.chance(B.CONNECT_SHARE)) {
        call.state = 'connected';
        this.to(agent, 'talking');
        this.emit('call.answered', { callId: call.id, agentId: agent.id });
        const talk = this.rng.lognormal(CAMPAIGN_PROFILE.talkMeanSec, CAMPAIGN_PROFILE.talkSdSec);
        this.after(talk * SEC, () => this.hangUp(call, agent, CAMPAIGN_PROFILE));
      } else {
        call.state = 'gone';
        this.emit('call.failed', { callId: call.id, reason: this.rng.weighted(B.FAIL_REASONS) });
        this.setIdle(agent);
      }
    });
  }

  // ---- after the talk ----------------------------------------------------------------------------------------

  private hangUp(call: Call, agent: Agent, profile: QueueProfile): void {
    call.state = 'gone';
    call.agent = undefined;
    this.to(agent, 'acw');
    this.emit('call.ended', { callId: call.id });
    const outcome = this.rng.weighted(profile.outcomes);
    if (profile !== CAMPAIGN_PROFILE && this.rng.chance(B.SURVEY_SHARE)) {
      const score = this.rng.weighted(B.SURVEY_SCORES[outcome]);
      this.after(this.between(B.SURVEY_AFTER_END_SEC) * SEC, () =>
        this.emit('survey.completed', { callId: call.id, agentId: agent.id, queueId: profile.id, score }),
      );
    }
    this.wrapUp(call, agent, { profile, outcome });
  }

  /** Wrap-up, then (for the call's last leg) its disposition and what follows from it. */
  private wrapUp(call: Call, agent: Agent, result: { profile: QueueProfile; outcome: Outcome } | undefined): void {
    const acw = Math.max(B.MIN_WRAPUP_SEC, this.lognormal(B.WRAPUP_SEC));
    this.after(acw * SEC, () => {
      this.emit('call.wrapup', { callId: call.id, agentId: agent.id });
      if (result) {
        this.emit('call.disposition', { callId: call.id, outcome: result.outcome });
        if (result.outcome === 'callback') this.requestCallback(result.profile.id);
        if (this.rng.chance(B.QA_SHARE)) {
          const { mean, sd, min, max } = B.QA_SCORE;
          const score = Math.min(max, Math.max(min, Math.round(this.rng.normal(mean, sd))));
          this.after(this.between(B.QA_AFTER_MIN) * MIN, () =>
            this.emit('qa.scored', { agentId: agent.id, callId: call.id, score }),
          );
        }
      }
      const aux = agent.pendingAux;
      agent.pendingAux = undefined;
      if (aux) this.startAux(agent, aux);
      else this.setIdle(agent);
    });
  }

  private requestCallback(queueId: string): void {
    const callbackId = `cb-${this.tag}-${++this.callbackSeq}`;
    const dueIn = Math.round(this.between(B.CALLBACK_DUE_MIN)) * MIN;
    this.emit('callback.requested', { callbackId, queueId, dueTs: this.startTs + this.now + dueIn });
    this.after(dueIn + this.between(B.CALLBACK_LATE_MIN) * MIN, () =>
      this.emit('callback.completed', { callbackId, queueId }),
    );
  }

  // ---- agents ------------------------------------------------------------------------------------------------

  private setIdle(agent: Agent): void {
    this.to(agent, 'idle');
    if (agent.outbound) {
      this.planDial(agent);
      return;
    }
    const call = this.oldestWaitingFor(agent);
    if (call) {
      this.ring(call, agent);
      return;
    }
    for (const q of agent.queues) this.idle.get(q)!.set(agent.id, agent);
  }

  private leaveIdle(agent: Agent): void {
    for (const q of agent.queues) this.idle.get(q)?.delete(agent.id);
  }

  private oldestWaitingFor(agent: Agent): Call | undefined {
    let oldest: Call | undefined;
    for (const q of agent.queues) {
      const head = first(this.waiting.get(q)!);
      if (
        head &&
        (!oldest ||
          head.waitingSince < oldest.waitingSince ||
          (head.waitingSince === oldest.waitingSince && head.seq < oldest.seq))
      )
        oldest = head;
    }
    return oldest;
  }

  private to(agent: Agent, state: AgentState): void {
    agent.state = state;
    agent.epoch++;
  }

  // Each kind of aux recurs on its own clock (see behaviour.ts): a break about every two hours, lunch once a day,
  // and now and then a meeting, training or coaching session.
  private planAux(agent: Agent, kind: AuxKind, delayMs: number): void {
    this.after(delayMs, () => {
      const aux = this.drawAux(kind);
      if (this.requestAux(agent, aux)) {
        const gap =
          kind === 'break'
            ? this.lognormal(B.BREAK.everyMin) * MIN
            : kind === 'lunch'
              ? B.LUNCH.everyHours * HOUR
              : this.rng.exponential(B.OTHER_AUX.everyHours * HOUR);
        this.planAux(agent, kind, aux.durationMs + gap);
      } else if (agent.state === 'ringing' || agent.state === 'dialing') {
        // Asking for aux while the phone rings would reach the server before the answer; ask once it is settled.
        this.planAux(agent, kind, agent.phaseEnd - this.now);
      } else {
        this.planAux(agent, kind, this.between(B.AUX_RETRY_MIN) * MIN);
      }
    });
  }

  private drawAux(kind: AuxKind): Aux {
    const { reason, lastsMin } =
      kind === 'break'
        ? { reason: 'break', lastsMin: B.BREAK.lastsMin }
        : kind === 'lunch'
          ? { reason: 'lunch', lastsMin: B.LUNCH.lastsMin }
          : this.rng.weighted(B.OTHER_AUX.kinds);
    return { reason, durationMs: Math.round(this.lognormal(lastsMin) * MIN) };
  }

  /** Sends the aux request if the agent can make it now; false when it has to wait. */
  private requestAux(agent: Agent, aux: Aux): boolean {
    switch (agent.state) {
      case 'idle':
        this.leaveIdle(agent);
        this.emit('agent.state', { agentId: agent.id, state: 'aux', reason: aux.reason });
        this.startAux(agent, aux);
        return true;
      case 'talking':
      case 'hold':
      case 'acw':
        // The contract has the server hold the request until wrap-up ends; the model does the same.
        if (agent.pendingAux) return false;
        this.emit('agent.state', { agentId: agent.id, state: 'aux', reason: aux.reason });
        agent.pendingAux = aux;
        return true;
      default:
        return false;
    }
  }

  private startAux(agent: Agent, aux: Aux): void {
    this.to(agent, 'aux');
    this.after(aux.durationMs, () => {
      this.emit('agent.state', { agentId: agent.id, state: 'available' });
      this.setIdle(agent);
    });
  }

  // ---- faults ------------------------------------------------------------------------------------------------

  private planFault(): void {
    this.after(this.rng.exponential(B.FAULT_EVERY_HOURS * HOUR), () => {
      const faultId = `f-${this.tag}-${++this.faultSeq}`;
      const component = this.rng.weighted(B.FAULT_COMPONENTS);
      const severity = this.rng.weighted(B.FAULT_SEVERITIES);
      const message = B.FAULT_MESSAGES[component]![severity]!;
      this.emit('system.fault', { faultId, component, severity, message });
      this.after(this.lognormal(B.FAULT_LASTS_MIN) * MIN, () =>
        this.emit('system.fault', { faultId, component, severity, message, resolved: true }),
      );
      this.planFault();
    });
  }

  // ---- plumbing ----------------------------------------------------------------------------------------------

  private between([min, max]: readonly [number, number]): number {
    return this.rng.uniform(min, max);
  }

  private lognormal({ mean, sd }: { mean: number; sd: number }): number {
    return this.rng.lognormal(mean, sd);
  }

  private after(delayMs: number, run: () => void): void {
    this.agenda.schedule(this.now + Math.max(0, Math.round(delayMs)), run);
  }

  private emit<K extends EventType>(type: K, fields: Omit<EventOf<K>, 'id' | 'type' | 'ts'>): void {
    const event = {
      id: `sim-${this.opts.seed}-${this.tag}-${++this.eventSeq}`,
      type,
      ts: this.startTs + this.now,
      ...fields,
    };
    this.out.push(event as unknown as FloorEvent);
  }
}

/** The floor's events from `startTs` on, in non-decreasing `ts`; lazy, so an endless run is fine. */
export function* simulate(opts: SimOptions, startTs: number): Generator<FloorEvent> {
  yield* new Floor(opts, startTs).events();
}

function first<V>(map: Map<string, V>): V | undefined {
  for (const v of map.values()) return v;
  return undefined;
}
