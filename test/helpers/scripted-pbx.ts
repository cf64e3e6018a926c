// A scripted Asterisk for the supervisor-action tests: queues with members, answering QueuePause, QueueAdd,
// QueueRemove, Originate into ChanSpy and Hangup the way Asterisk 22 did in ../shared/asterisk/transcripts (a-*,
// b-*, c-*), including the events it then sends to EVERY manager session (QueueMemberPause, QueueMemberAdded,
// QueueMemberRemoved, OriginateResponse, ChanSpyStart). Every action received is recorded.
import type { AmiMessage } from '../../server/cti/ami/protocol.ts';
import { fakeAmi } from '../asterisk/fake-ami.ts';

interface PbxMember {
  queue: string;
  iface: string;
  name: string;
  /** Members from queues.conf are static: QueueRemove answers "Member not dynamic". */
  static?: boolean;
  penalty?: number;
  paused?: boolean;
  reason?: string;
}

export interface ScriptedPbxOptions {
  members: PbxMember[];
  /** Queues that exist though nobody is in them. */
  queues?: string[];
  /** Devices that do not answer an Originate (OriginateResponse Failure, Reason 3 as on a ring timeout). */
  unreachableDevices?: string[];
}

type Frame = Record<string, string>;

export async function scriptedPbx(o: ScriptedPbxOptions) {
  const members = o.members.map((m) => ({
    penalty: 0,
    paused: false,
    reason: '',
    static: false,
    ...m,
    dynamic: !m.static,
  }));
  const queues = new Set([...(o.queues ?? []), ...members.map((m) => m.queue)]);
  /** Calls in progress: the agent's channel by member interface. */
  const calls = new Map<string, { uid: string; channel: string }>();
  const held: Frame[] = [];
  let holding = false;
  let clock = 1_796_318_900;
  let nextUid = 1;
  const tick = () => ++clock;
  const base = (m: (typeof members)[number]): Frame => ({
    Queue: m.queue,
    MemberName: m.name,
    Interface: m.iface,
    StateInterface: m.iface,
    Membership: m.dynamic ? 'dynamic' : 'static',
    Penalty: String(m.penalty),
    CallsTaken: '0',
    LastCall: '0',
    LastPause: String(clock),
    LoginTime: '1796318901',
    InCall: calls.has(m.iface) ? '1' : '0',
    Status: calls.has(m.iface) ? '2' : '1',
    Paused: m.paused ? '1' : '0',
    PausedReason: m.reason,
    Wrapuptime: '0',
  });

  let ami: Awaited<ReturnType<typeof fakeAmi>>;
  const everyone = (f: Frame) => ami.broadcast({ ...f, Timestamp: `${clock}.000100` });

  const reply = (a: AmiMessage, send: (f: Frame) => void) => {
    const id = a.get('ActionID') ?? '';
    const ok = (Message: string) => send({ Response: 'Success', ActionID: id, Message });
    const error = (Message: string) => send({ Response: 'Error', ActionID: id, Message });
    switch (a.get('Action')) {
      case 'Login':
        return ok('Authentication accepted');
      case 'Ping':
        return send({ Response: 'Success', ActionID: id, Ping: 'Pong' });
      case 'Logoff':
        return send({ Response: 'Goodbye', ActionID: id, Message: 'Thanks for all the fish.' });
      case 'QueueStatus': {
        send({ Response: 'Success', ActionID: id, EventList: 'start', Message: 'Queue status will follow' });
        for (const q of queues) {
          send({ Event: 'QueueParams', Queue: q, ActionID: id });
          for (const m of members.filter((x) => x.queue === q)) {
            const { MemberName, Interface, ...rest } = base(m);
            send({ Event: 'QueueMember', ...rest, Name: MemberName!, Location: Interface!, ActionID: id });
          }
        }
        return send({ Event: 'QueueStatusComplete', ActionID: id, EventList: 'Complete' });
      }
      case 'QueuePause': {
        const queue = a.get('Queue');
        const hits = members.filter(
          (m) => m.iface === a.get('Interface') && (queue === undefined || m.queue === queue),
        );
        if (hits.length === 0) return error('Interface not found');
        // Anything but "true" unpauses, as Asterisk does with `Paused: maybe`.
        const paused = a.get('Paused')?.toLowerCase() === 'true';
        ok(paused ? 'Interface paused successfully' : 'Interface unpaused successfully');
        tick();
        for (const m of hits) {
          Object.assign(m, { paused, reason: a.get('Reason') ?? '' });
          const f: Frame = { Event: 'QueueMemberPause', Privilege: 'agent,all', ...base(m), Ringinuse: '0' };
          if (holding) held.push(f);
          else everyone(f);
        }
        return;
      }
      case 'QueueAdd': {
        const queue = a.get('Queue') ?? '';
        const iface = a.get('Interface') ?? '';
        if (!queues.has(queue)) return error('Unable to add interface to queue: No such queue');
        if (members.some((m) => m.queue === queue && m.iface === iface))
          return error('Unable to add interface: Already there');
        const m = {
          queue,
          iface,
          name: a.get('MemberName') ?? iface,
          penalty: Number(a.get('Penalty') ?? 0),
          paused: a.get('Paused')?.toLowerCase() === 'true',
          reason: a.get('Reason') ?? '',
          static: false,
          dynamic: true,
        };
        members.push(m);
        ok('Added interface to queue');
        return everyone({ Event: 'QueueMemberAdded', Privilege: 'agent,all', ...base(m) });
      }
      case 'QueueRemove': {
        const i = members.findIndex((m) => m.queue === a.get('Queue') && m.iface === a.get('Interface'));
        if (i < 0) return error('Unable to remove interface: Not there');
        const m = members[i]!;
        if (!m.dynamic) return error('Member not dynamic');
        members.splice(i, 1);
        ok('Removed interface from queue');
        return everyone({ Event: 'QueueMemberRemoved', Privilege: 'agent,all', ...base(m) });
      }
      case 'Originate': {
        ok('Originate successfully queued');
        const device = a.get('Channel') ?? '';
        const uid = `${clock}.${100 + nextUid}`;
        const channel = `${device}-0000000${nextUid++}`;
        setTimeout(() => {
          if (o.unreachableDevices?.includes(device)) {
            return everyone({
              Event: 'OriginateResponse',
              ActionID: id,
              Response: 'Failure',
              Channel: device,
              Application: 'ChanSpy',
              Data: a.get('Data') ?? '',
              Reason: '3',
              Uniqueid: '<null>',
            });
          }
          everyone({
            Event: 'OriginateResponse',
            ActionID: id,
            Response: 'Success',
            Channel: channel,
            Application: 'ChanSpy',
            Data: a.get('Data') ?? '',
            Reason: '4',
            Uniqueid: uid,
          });
          const [target = '', options = ''] = (a.get('Data') ?? '').split(',');
          const spied = [...calls.values()].find((c) =>
            options.includes('u') ? c.uid === target || c.channel === target : c.channel.startsWith(target),
          );
          if (a.get('Application') === 'ChanSpy' && spied) {
            setTimeout(
              () =>
                everyone({
                  Event: 'ChanSpyStart',
                  SpyerChannel: channel,
                  SpyerUniqueid: uid,
                  SpyeeChannel: spied.channel,
                  SpyeeUniqueid: spied.uid,
                }),
              20,
            );
          }
        }, 10);
        return;
      }
      case 'Hangup':
        ok('Channel Hungup');
        return everyone({ Event: 'Hangup', Channel: a.get('Channel') ?? '', Uniqueid: '', Cause: '16' });
      default:
        return error('Invalid/unknown command');
    }
  };
  ami = await fakeAmi(reply);

  return {
    port: ami.port,
    actions: ami.actions,
    /** The actions of one kind received, as plain objects (ActionID left out). */
    received: (action: string) =>
      ami.actions
        .filter((x) => x.get('Action') === action)
        .map((x) => Object.fromEntries(x.pairs.filter(([k]) => k !== 'ActionID'))),
    members,
    /** Puts a member on a queue call (QueueCallerJoin + AgentConnect, as app_queue reports an answer). */
    answer(iface: string, callerUid: string) {
      const m = members.find((x) => x.iface === iface)!;
      const call = { uid: `${clock}.${100 + nextUid}`, channel: `${iface}-0000000${nextUid++}` };
      calls.set(iface, call);
      tick();
      everyone({
        Event: 'QueueCallerJoin',
        Queue: m.queue,
        Uniqueid: callerUid,
        Channel: `PJSIP/sipp-${callerUid}`,
        CallerIDNum: '5550100',
        Position: '1',
        Count: '1',
      });
      everyone({ Event: 'QueueCallerLeave', Queue: m.queue, Uniqueid: callerUid, Count: '0', Position: '1' });
      everyone({
        Event: 'AgentConnect',
        Queue: m.queue,
        Uniqueid: callerUid,
        Interface: iface,
        MemberName: m.name,
        DestChannel: call.channel,
        DestUniqueid: call.uid,
        HoldTime: '1',
        RingTime: '1',
      });
      return call;
    },
    /** Holds QueueMemberPause back from now on (to show the screens wait for the PBX's event). */
    holdPauseEvents() {
      holding = true;
    },
    /** Sends the held QueueMemberPause events, and stops holding. */
    releaseEvents() {
      holding = false;
      for (const f of held.splice(0)) everyone(f);
    },
    close: () => ami.close(),
  };
}
