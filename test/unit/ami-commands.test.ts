// Each supervisor command → the exact AMI fields it sends (CONTRACT §7; fields as Asterisk 22 accepted them in
// ../shared/asterisk/transcripts a-*, b-*, c-*), and the member facts learnt from AMI events.
import { describe, expect, it } from 'vitest';
import type { ActionCommand } from '../../shared/actions.ts';
import { planCommand, spyTarget } from '../../server/cti/ami/commands.ts';
import { AmiMessage } from '../../server/cti/ami/protocol.ts';
import { AmiTargets, type MemberTarget } from '../../server/cti/ami/targets.ts';

const cmd = (c: Partial<ActionCommand> & Pick<ActionCommand, 'action'>): ActionCommand => ({
  id: 'act-1',
  agentId: 'dave',
  by: 'sam',
  ts: 0,
  ...c,
});
const queueName = (id: string) => ({ sales: 'sales-q', support: 'support' })[id] ?? id;

const dave = (): MemberTarget => ({
  iface: 'PJSIP/agent1',
  name: 'Dave',
  stateInterface: 'PJSIP/agent1',
  queues: new Map([
    ['sales-q', { penalty: 2, paused: false, reason: '' }],
    ['support', { penalty: 0, paused: false, reason: '' }],
  ]),
});

describe('planCommand', () => {
  it('pause → QueuePause with Interface, Paused true and Reason, without Queue (every queue of the member)', () => {
    expect(planCommand(cmd({ action: 'pause', reason: 'coaching' }), dave(), queueName)).toEqual({
      kind: 'actions',
      actions: [{ Action: 'QueuePause', Interface: 'PJSIP/agent1', Paused: 'true', Reason: 'coaching' }],
    });
  });

  it('pause in one queue names the Asterisk queue of the Floorboard queue id', () => {
    expect(planCommand(cmd({ action: 'pause', reason: 'break', queueId: 'sales' }), dave(), queueName)).toEqual({
      kind: 'actions',
      actions: [{ Action: 'QueuePause', Interface: 'PJSIP/agent1', Paused: 'true', Reason: 'break', Queue: 'sales-q' }],
    });
  });

  it('unpause → QueuePause Paused false, Reason only when given', () => {
    expect(planCommand(cmd({ action: 'unpause' }), dave(), queueName)).toEqual({
      kind: 'actions',
      actions: [{ Action: 'QueuePause', Interface: 'PJSIP/agent1', Paused: 'false' }],
    });
  });

  it('logout → QueueRemove from every queue the member is in', () => {
    expect(planCommand(cmd({ action: 'logout' }), dave(), queueName)).toEqual({
      kind: 'actions',
      actions: [
        { Action: 'QueueRemove', Queue: 'sales-q', Interface: 'PJSIP/agent1' },
        { Action: 'QueueRemove', Queue: 'support', Interface: 'PJSIP/agent1' },
      ],
    });
    expect(planCommand(cmd({ action: 'logout' }), { iface: 'PJSIP/agent9', queues: new Map() }, queueName)).toEqual({
      kind: 'refuse',
      message: 'PJSIP/agent9 is in no queue',
    });
  });

  it('queue-add → QueueAdd with the penalty, pause state and member name known from its other queues', () => {
    const m = dave();
    for (const q of m.queues.values()) Object.assign(q, { paused: true, reason: 'lunch' });
    expect(planCommand(cmd({ action: 'queue-add', queueId: 'billing' }), m, queueName)).toEqual({
      kind: 'actions',
      actions: [
        {
          Action: 'QueueAdd',
          Queue: 'billing',
          Interface: 'PJSIP/agent1',
          Penalty: '2',
          Paused: 'true',
          Reason: 'lunch',
          MemberName: 'Dave',
        },
      ],
    });
  });

  it('queue-add of a member the PBX knows nothing of: Floorboard’s name, no penalty or pause invented', () => {
    expect(
      planCommand(
        cmd({ action: 'queue-add', queueId: 'support', agentName: 'Carol' }),
        { iface: 'Local/agent3@agents/n', queues: new Map() },
        queueName,
      ),
    ).toEqual({
      kind: 'actions',
      actions: [{ Action: 'QueueAdd', Queue: 'support', Interface: 'Local/agent3@agents/n', MemberName: 'Carol' }],
    });
  });

  it('queue-remove → QueueRemove of that queue', () => {
    expect(planCommand(cmd({ action: 'queue-remove', queueId: 'sales' }), dave(), queueName)).toEqual({
      kind: 'actions',
      actions: [{ Action: 'QueueRemove', Queue: 'sales-q', Interface: 'PJSIP/agent1' }],
    });
  });

  it('listen/whisper/barge on a call → Originate of the device into ChanSpy on the agent channel uniqueid, qEu / qEuw / qEuB', () => {
    const m = { ...dave(), channel: { uid: '1796320603.1', name: 'PJSIP/agent1-00000001' } };
    const data = (action: 'listen' | 'whisper' | 'barge') => {
      const plan = planCommand(cmd({ action, device: 'PJSIP/supervisor' }), m, queueName);
      if (plan.kind !== 'spy') throw new Error(plan.kind);
      expect(plan.originate).toEqual({
        Action: 'Originate',
        Channel: 'PJSIP/supervisor',
        Application: 'ChanSpy',
        Data: plan.originate.Data,
        Async: 'true',
      });
      return plan.originate.Data;
    };
    expect([data('listen'), data('whisper'), data('barge')]).toEqual([
      '1796320603.1,qEu',
      '1796320603.1,qEuw',
      '1796320603.1,qEuB',
    ]);
  });

  it('a spy off a call targets the device with a trailing "-" (never agent10 for agent1), without u', () => {
    const plan = planCommand(cmd({ action: 'whisper', device: 'Local/listen@supervisor' }), dave(), queueName);
    expect(plan).toMatchObject({
      kind: 'spy',
      originate: { Channel: 'Local/listen@supervisor', Data: 'PJSIP/agent1-,qEw' },
    });
    expect(spyTarget({ iface: 'Local/agent4@agents/n' })).toEqual({ target: 'Local/agent4@agents-', byUid: false });
  });
});

const frame = (f: Record<string, string>) => AmiMessage.from(f);

describe('AmiTargets', () => {
  it('learns memberships, pause, and the agent channel of the current call, and forgets them', () => {
    const t = new AmiTargets();
    t.observe(
      frame({
        Event: 'QueueMemberAdded',
        Queue: 'support',
        MemberName: 'Dave',
        Interface: 'PJSIP/agent1',
        StateInterface: 'PJSIP/agent1',
        Penalty: '2',
        Paused: '1',
        PausedReason: 'coaching',
      }),
    );
    t.observe(
      frame({ Event: 'QueueMemberPause', Queue: 'support', Interface: 'PJSIP/agent1', Paused: '0', PausedReason: '' }),
    );
    // As in b-chanspy-recommended.txt: the caller's Uniqueid, the agent's DestUniqueid.
    t.observe(
      frame({
        Event: 'AgentConnect',
        Queue: 'support',
        Interface: 'PJSIP/agent1',
        Uniqueid: '1796320603.0',
        DestChannel: 'PJSIP/agent1-00000001',
        DestUniqueid: '1796320603.1',
      }),
    );
    const m = t.members.get('PJSIP/agent1')!;
    expect(m.name).toBe('Dave');
    expect(m.queues.get('support')).toEqual({ penalty: 2, paused: false, reason: '' });
    expect(m.channel).toEqual({ uid: '1796320603.1', name: 'PJSIP/agent1-00000001' });
    t.observe(frame({ Event: 'Hangup', Uniqueid: '1796320603.1', Channel: 'PJSIP/agent1-00000001' }));
    expect(m.channel).toBeUndefined();
    t.observe(frame({ Event: 'QueueMemberRemoved', Queue: 'support', Interface: 'PJSIP/agent1' }));
    expect(m.queues.size).toBe(0);
  });

  it('a complete QueueStatus drops memberships it no longer lists in the queues it described', () => {
    const t = new AmiTargets();
    t.observe(frame({ Event: 'QueueMemberAdded', Queue: 'support', Interface: 'SIP/1' }));
    t.observe(frame({ Event: 'QueueMemberAdded', Queue: 'sales', Interface: 'SIP/1' }));
    t.observe(frame({ Event: 'QueueParams', Queue: 'support' }));
    t.observe(
      frame({ Event: 'QueueMember', Queue: 'support', Location: 'SIP/2', Name: 'Bob', Penalty: '0', Paused: '0' }),
    );
    t.observe(frame({ Event: 'QueueStatusComplete' }));
    expect([...t.members.get('SIP/1')!.queues.keys()]).toEqual(['sales']);
    expect([...t.members.get('SIP/2')!.queues.keys()]).toEqual(['support']);
  });
});
