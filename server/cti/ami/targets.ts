// What a command needs to know about a queue member, learnt from the same AMI events the mapper reads: its queues
// (with penalty and pause), its name and state interface, and the channel of the call it is on (ChanSpy's target).
// Kept apart from the mapper's state, which serves another purpose and may change shape independently.
import type { AmiMessage } from './protocol.ts';

interface QueueMembership {
  penalty: number;
  paused: boolean;
  reason: string;
}

export interface MemberTarget {
  iface: string;
  name?: string;
  stateInterface?: string;
  /** By Asterisk queue name. */
  queues: Map<string, QueueMembership>;
  /** The agent's own channel on its current queue call (AgentConnect's Dest* fields). */
  channel?: { uid: string; name: string };
}

export class AmiTargets {
  readonly members = new Map<string, MemberTarget>();
  /** Memberships listed by the QueueStatus answer being read (queue → interfaces), pruned at its end. */
  private status: Map<string, Set<string>> | null = null;

  observe(msg: AmiMessage): void {
    switch (msg.event) {
      case 'QueueParams':
        this.status ??= new Map();
        this.status.set(msg.get('Queue') ?? '', new Set());
        return;
      case 'QueueMember': {
        const iface = msg.get('Location') ?? msg.get('Interface');
        const queue = msg.get('Queue');
        if (!iface || !queue) return;
        this.status?.get(queue)?.add(iface);
        return this.join(iface, queue, msg.get('Name'), msg);
      }
      case 'QueueStatusComplete':
        return this.prune();
      case 'QueueMemberAdded': {
        const iface = msg.get('Interface');
        const queue = msg.get('Queue');
        if (iface && queue) this.join(iface, queue, msg.get('MemberName'), msg);
        return;
      }
      case 'QueueMemberRemoved':
        this.members.get(msg.get('Interface') ?? '')?.queues.delete(msg.get('Queue') ?? '');
        return;
      case 'QueueMemberPause': {
        const m = this.members.get(msg.get('Interface') ?? '')?.queues.get(msg.get('Queue') ?? '');
        if (m) Object.assign(m, { paused: msg.get('Paused') === '1', reason: msg.get('PausedReason') ?? '' });
        return;
      }
      case 'AgentConnect': {
        const member = this.members.get(msg.get('Interface') ?? '');
        const uid = msg.get('DestUniqueid');
        const name = msg.get('DestChannel');
        if (member && uid && name) member.channel = { uid, name };
        return;
      }
      case 'AgentComplete': {
        const member = this.members.get(msg.get('Interface') ?? '');
        if (member?.channel && (msg.get('DestUniqueid') ?? member.channel.uid) === member.channel.uid)
          delete member.channel;
        return;
      }
      case 'Hangup': {
        const uid = msg.get('Uniqueid');
        for (const member of this.members.values()) if (member.channel?.uid === uid) delete member.channel;
        return;
      }
    }
  }

  private join(iface: string, queue: string, name: string | undefined, msg: AmiMessage): void {
    let member = this.members.get(iface);
    if (!member) {
      member = { iface, queues: new Map() };
      this.members.set(iface, member);
    }
    if (name) member.name = name;
    const stateInterface = msg.get('StateInterface');
    if (stateInterface) member.stateInterface = stateInterface;
    member.queues.set(queue, {
      penalty: Number(msg.get('Penalty') ?? 0) || 0,
      paused: msg.get('Paused') === '1',
      reason: msg.get('PausedReason') ?? '',
    });
  }

  /** Members that a complete QueueStatus answer no longer lists in a queue it described have left that queue. */
  private prune(): void {
    const seen = this.status;
    this.status = null;
    if (!seen) return;
    for (const member of this.members.values()) {
      for (const queue of member.queues.keys())
        if (seen.has(queue) && !seen.get(queue)!.has(member.iface)) member.queues.delete(queue);
    }
  }
}
