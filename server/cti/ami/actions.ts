// Performs supervisor commands on Asterisk (PbxActions): finds the agent's member interface, sends the AMI actions
// of commands.ts and turns Asterisk's answers into outcomes. A spy is confirmed only by ChanSpyStart: an Originate
// into ChanSpy answers Success even when nothing attaches.
import type { Logger } from 'pino';
import type { ActionCommand, ActionOutcome, PbxActions } from '../../../shared/actions.ts';
import type { AmiConfig } from '../../../shared/ami.ts';
import type { AmiLinkState } from './client.ts';
import { type AmiFields, planCommand } from './commands.ts';
import { FrameWatch } from './frame-watch.ts';
import type { AmiMessage } from './protocol.ts';
import { AmiTargets, type MemberTarget } from './targets.ts';

/** How long a spy may take to attach, from the Originate: the supervisor's phone rings (up to Asterisk's 30 s) first. */
const SPY_ATTACH_MS = 40_000;

export interface AmiActionsOptions {
  config: Pick<AmiConfig, 'agents' | 'queues'>;
  /** Sends one action and resolves with its Response; rejects with Asterisk's Message on `Response: Error`. */
  send: (fields: AmiFields) => Promise<AmiMessage>;
  link: () => AmiLinkState;
  log: Logger;
  spyAttachMs?: number;
}

const STOPPED: ActionOutcome = { ok: false, message: 'the adapter stopped before ChanSpy attached' };

const own = (o: Record<string, string>, k: string): string | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

export class AmiActions implements PbxActions {
  readonly pbx = 'asterisk';
  readonly targets = new AmiTargets();
  private readonly watch = new FrameWatch(new Set(['OriginateResponse', 'ChanSpyStart', 'Hangup']));
  private closed = false;
  /** Called when the members it serves may have changed (a QueueStatus answer, a member added or removed). */
  onServedChange: () => void = () => undefined;

  constructor(private readonly o: AmiActionsOptions) {}

  /** Every AMI event, as the client reads it. */
  observe(msg: AmiMessage): void {
    this.targets.observe(msg);
    this.watch.observe(msg);
    if (msg.event === 'QueueStatusComplete' || msg.event === 'QueueMemberAdded' || msg.event === 'QueueMemberRemoved')
      this.onServedChange();
  }

  agentIdOf(iface: string): string {
    return own(this.o.config.agents, iface) ?? iface;
  }

  servedAgents(): string[] {
    if (this.o.link() !== 'up') return [];
    const ids = new Set(Object.values(this.o.config.agents));
    for (const iface of this.targets.members.keys()) ids.add(this.agentIdOf(iface));
    return [...ids];
  }

  async perform(cmd: ActionCommand): Promise<ActionOutcome> {
    const member = this.memberOf(cmd.agentId);
    if (!member) return { ok: false, message: `agent ${cmd.agentId} has no member interface on this PBX` };
    const plan = planCommand(cmd, member, (queueId) => this.queueName(queueId));
    switch (plan.kind) {
      case 'refuse':
        return { ok: false, message: plan.message };
      case 'actions':
        return this.sendAll(plan.actions);
      case 'spy':
        return this.spy(plan.originate);
    }
  }

  /** Ends the waits of spies in progress (they fail as such), so a stopping adapter need not wait 40 s. */
  close(): void {
    this.closed = true;
    this.watch.close();
  }

  private memberOf(agentId: string): MemberTarget | undefined {
    for (const [iface, id] of Object.entries(this.o.config.agents))
      if (id === agentId) return this.targets.members.get(iface) ?? { iface, queues: new Map() };
    for (const member of this.targets.members.values()) if (this.agentIdOf(member.iface) === agentId) return member;
    return undefined;
  }

  private queueName(queueId: string): string {
    for (const [name, id] of Object.entries(this.o.config.queues)) if (id === queueId) return name;
    return queueId;
  }

  /** Each action in turn; the outcome is Asterisk's messages, failed as soon as one answers Error. */
  private async sendAll(actions: AmiFields[]): Promise<ActionOutcome> {
    const messages: string[] = [];
    for (const fields of actions) {
      const where = fields.Queue ? ` (${fields.Queue})` : '';
      try {
        const res = await this.o.send(fields);
        messages.push(`${res.get('Message') ?? 'Success'}${where}`);
      } catch (err) {
        return { ok: false, message: [...messages, `${(err as Error).message}${where}`].join('; ') };
      }
    }
    return { ok: true, message: messages.join('; ') };
  }

  private async spy(originate: AmiFields): Promise<ActionOutcome> {
    const deadline = Date.now() + (this.o.spyAttachMs ?? SPY_ATTACH_MS);
    let actionId: string | undefined;
    try {
      actionId = (await this.o.send(originate)).get('ActionID');
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
    const answer = await this.watch.next(
      (m) => m.event === 'OriginateResponse' && m.get('ActionID') === actionId,
      deadline - Date.now(),
    );
    if (this.closed) return STOPPED;
    if (!answer)
      return {
        ok: false,
        message: `${originate.Channel} did not answer within ${Math.round((this.o.spyAttachMs ?? SPY_ATTACH_MS) / 1000)} s`,
      };
    if (answer.get('Response') !== 'Success') {
      return {
        ok: false,
        message: `could not call ${originate.Channel} (OriginateResponse ${answer.get('Response') ?? '?'}, reason ${answer.get('Reason') ?? '?'})`,
      };
    }
    const uid = answer.get('Uniqueid');
    if (!uid) return { ok: false, message: `the OriginateResponse for ${originate.Channel} names no channel to watch` };
    const seen = await this.watch.next(
      (m) =>
        (m.event === 'ChanSpyStart' && m.get('SpyerUniqueid') === uid) ||
        (m.event === 'Hangup' && m.get('Uniqueid') === uid),
      Math.max(0, deadline - Date.now()),
    );
    if (this.closed && !seen) return STOPPED;
    if (seen?.event === 'ChanSpyStart')
      return { ok: true, message: `ChanSpy attached to ${seen.get('SpyeeChannel') ?? 'the agent'}` };
    if (seen)
      return { ok: false, message: `the spy call ${answer.get('Channel') ?? ''} ended before ChanSpy attached` };
    // Nothing to listen to: do not leave the supervisor's phone connected to a ChanSpy that waits for a next call.
    const channel = answer.get('Channel');
    if (channel)
      await this.o
        .send({ Action: 'Hangup', Channel: channel })
        .catch((err: Error) => this.o.log.warn({ channel, err: err.message }, 'could not hang up the idle spy'));
    return { ok: false, message: `ChanSpy did not attach (no ChanSpyStart for ${channel ?? 'the spy call'})` };
  }
}
