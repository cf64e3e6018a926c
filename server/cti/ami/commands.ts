// PURE: a supervisor command → the AMI actions that perform it on Asterisk (CONTRACT §7, server/cti/ami/README.md).
import type { ActionCommand } from '../../../shared/actions.ts';
import type { MemberTarget } from './targets.ts';

export type AmiFields = Record<string, string>;

export type AmiPlan =
  /** Actions sent one after the other; each `Response: Success` confirms its part. */
  | { kind: 'actions'; actions: AmiFields[] }
  /** An Originate into ChanSpy; only the ChanSpyStart that follows confirms it. */
  | { kind: 'spy'; originate: AmiFields }
  | { kind: 'refuse'; message: string };

const SPY_OPTION = { listen: '', whisper: 'w', barge: 'B' } as const;

/**
 * ChanSpy's target: the agent's channel on its current call (by uniqueid, option `u`), else its device as a channel
 * prefix ending in `-`, so that `PJSIP/agent7-` never matches `agent70`'s channels. A Local member's channels are
 * named `Local/<exten>@<context>-<n>;1`, so the `/n` of its interface is dropped from the prefix.
 */
export function spyTarget(member: Pick<MemberTarget, 'iface' | 'stateInterface' | 'channel'>): {
  target: string;
  byUid: boolean;
} {
  if (member.channel) return { target: member.channel.uid, byUid: true };
  const device = member.stateInterface ?? member.iface;
  const local = /^(Local\/[^/]+)\//i.exec(device);
  return { target: `${local ? local[1] : device}-`, byUid: false };
}

/**
 * `member`: what the adapter knows of the agent's queue membership (queues by Asterisk name); `queueName` maps a
 * Floorboard queue id to the Asterisk queue.
 */
export function planCommand(cmd: ActionCommand, member: MemberTarget, queueName: (queueId: string) => string): AmiPlan {
  const Interface = member.iface;
  const queue = cmd.queueId === undefined ? undefined : queueName(cmd.queueId);
  switch (cmd.action) {
    case 'pause':
    case 'unpause':
      return {
        kind: 'actions',
        actions: [
          {
            Action: 'QueuePause',
            Interface,
            Paused: cmd.action === 'pause' ? 'true' : 'false',
            ...(cmd.reason !== undefined ? { Reason: cmd.reason } : {}),
            ...(queue !== undefined ? { Queue: queue } : {}),
          },
        ],
      };
    case 'logout': {
      const queues = [...member.queues.keys()];
      if (queues.length === 0) return { kind: 'refuse', message: `${Interface} is in no queue` };
      return { kind: 'actions', actions: queues.map((Queue) => ({ Action: 'QueueRemove', Queue, Interface })) };
    }
    case 'queue-add': {
      // Joining a queue must not make a paused agent ringable: it joins as paused as it is elsewhere.
      const known = [...member.queues.values()];
      const first = known[0];
      const paused = known.length > 0 && known.every((m) => m.paused);
      const name = member.name ?? cmd.agentName;
      return {
        kind: 'actions',
        actions: [
          {
            Action: 'QueueAdd',
            Queue: queue!,
            Interface,
            ...(first ? { Penalty: String(first.penalty), Paused: paused ? 'true' : 'false' } : {}),
            ...(paused && first!.reason ? { Reason: first!.reason } : {}),
            ...(name ? { MemberName: name } : {}),
            ...(member.stateInterface && member.stateInterface !== Interface
              ? { StateInterface: member.stateInterface }
              : {}),
          },
        ],
      };
    }
    case 'queue-remove':
      return { kind: 'actions', actions: [{ Action: 'QueueRemove', Queue: queue!, Interface }] };
    case 'listen':
    case 'whisper':
    case 'barge': {
      if (!cmd.device) return { kind: 'refuse', message: `no device to ring for ${cmd.action}` };
      const { target, byUid } = spyTarget(member);
      return {
        kind: 'spy',
        originate: {
          Action: 'Originate',
          Channel: cmd.device,
          Application: 'ChanSpy',
          Data: `${target},qE${byUid ? 'u' : ''}${SPY_OPTION[cmd.action]}`,
          Async: 'true',
        },
      };
    }
  }
}
