// Replays the adapter's AMI session recorded by the live actions test (test/asterisk/actions.spec.ts, through
// ami-tap.ts) into AmiActions: each command is performed again, the recorded Responses answer its actions and the
// recorded events reach it at their recorded times (fake clock), so the outcomes are those a real Asterisk 22 gave.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionCommand, ActionOutcome } from '../../shared/actions.ts';
import { AmiActions } from '../../server/cti/ami/actions.ts';
import type { AmiFields } from '../../server/cti/ami/commands.ts';
import type { AmiMessage } from '../../server/cti/ami/protocol.ts';
import { parseSession, readTranscript, replayTranscript } from '../asterisk/transcript.ts';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/ami/actions-live.txt');
const session = parseSession(fs.readFileSync(FIXTURE, 'utf8'));
const AGENTS = {
  'Local/agent1@agents/n': 'alice',
  'Local/agent2@agents/n': 'bob',
  'Local/agent4@agents/n': 'dan',
  'PJSIP/agent1': 'dave',
  'PJSIP/agent2': 'erin',
};

/** What the adapter's client sends by itself; every other recorded action was sent by AmiActions. */
const CLIENT_ACTIONS = new Set(['Login', 'Logoff', 'Ping', 'QueueStatus']);

/** AmiActions fed from the recording: `send` answers with the recorded Response of the matching recorded action. */
class RecordedPbx {
  private cursor = 0;
  readonly actions: AmiActions;

  constructor() {
    this.actions = new AmiActions({
      config: { agents: AGENTS, queues: {} },
      send: (f) => this.send(f),
      link: () => 'up',
      log: pino({ level: 'silent' }),
    });
  }

  private feedTo(end: number): void {
    for (; this.cursor < end; this.cursor++) {
      const f = session[this.cursor]!;
      if (f.dir === 'rx' && f.msg.event !== undefined) this.actions.observe(f.msg);
    }
  }

  private send(fields: AmiFields): Promise<AmiMessage> {
    const same = (m: AmiMessage) => Object.entries(fields).every(([k, v]) => m.get(k) === v);
    const tx = session.findIndex((f, i) => i >= this.cursor && f.dir === 'tx' && same(f.msg));
    if (tx < 0) throw new Error(`not in the recording: ${JSON.stringify(fields)}`);
    const id = session[tx]!.msg.get('ActionID');
    const rx = session.findIndex(
      (f, i) => i > tx && f.dir === 'rx' && f.msg.get('Response') !== undefined && f.msg.get('ActionID') === id,
    );
    this.feedTo(rx);
    this.cursor = rx + 1;
    const res = session[rx]!.msg;
    return res.get('Response') === 'Error' ? Promise.reject(new Error(res.get('Message'))) : Promise.resolve(res);
  }

  /** Performs the command from the time its first action was sent, feeding what followed until it settles. */
  async perform(
    cmd: Omit<ActionCommand, 'id' | 'by' | 'ts'>,
    firstAction: string,
  ): Promise<ActionOutcome & { at: number }> {
    const start = session.findIndex(
      (f, i) => i >= this.cursor && f.dir === 'tx' && f.msg.get('Action') === firstAction,
    );
    this.feedTo(start);
    vi.setSystemTime(session[start]!.rxMs);
    let outcome: (ActionOutcome & { at: number }) | undefined;
    const done = this.actions
      .perform({ ...cmd, id: 'replay', by: 'test', ts: session[start]!.rxMs } as ActionCommand)
      .then((o) => (outcome = { ...o, at: Date.now() }));
    while (outcome === undefined && this.cursor < session.length) {
      const f = session[this.cursor]!;
      // The adapter's timers (a spy's 40 s) run on the recorded clock.
      await vi.advanceTimersByTimeAsync(Math.max(0, f.rxMs - Date.now()));
      if (outcome !== undefined || session[this.cursor] !== f) continue;
      // An action of the command's own still to come (the idle spy's Hangup): its timers run on until it is sent.
      for (
        let waited = 0;
        f.dir === 'tx' &&
        !CLIENT_ACTIONS.has(f.msg.get('Action') ?? '') &&
        waited < 2_000 &&
        session[this.cursor] === f;
        waited += 10
      ) {
        await vi.advanceTimersByTimeAsync(10);
      }
      if (outcome !== undefined || session[this.cursor] !== f) continue;
      if (f.dir === 'rx' && f.msg.event !== undefined) this.actions.observe(f.msg);
      this.cursor++;
    }
    await done;
    return outcome!;
  }
}

describe('supervisor actions replayed from a real Asterisk 22 (actions-live.txt)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives each recorded command the outcome Asterisk gave: done with its message, refusals failed with theirs', async () => {
    const pbx = new RecordedPbx();
    const outcomes: Array<[string, ActionOutcome]> = [];
    /** When each outcome settled, on the recorded clock. */
    const at = new Map<string, number>();
    const run = async (label: string, cmd: Omit<ActionCommand, 'id' | 'by' | 'ts'>, first: string) => {
      const { at: when, ...outcome } = await pbx.perform(cmd, first);
      outcomes.push([label, outcome]);
      at.set(label, when);
    };
    await run('pause bob', { agentId: 'bob', action: 'pause', reason: 'coaching' }, 'QueuePause');
    await run('unpause bob', { agentId: 'bob', action: 'unpause' }, 'QueuePause');
    await run('unpause dan', { agentId: 'dan', action: 'unpause' }, 'QueuePause');
    await run('add dan', { agentId: 'dan', action: 'queue-add', queueId: 'support' }, 'QueueAdd');
    await run('add dan again', { agentId: 'dan', action: 'queue-add', queueId: 'support' }, 'QueueAdd');
    await run(
      'listen idle alice',
      { agentId: 'alice', action: 'listen', device: 'Local/listen@supervisor' },
      'Originate',
    );
    await run('listen dan', { agentId: 'dan', action: 'listen', device: 'Local/listen@supervisor' }, 'Originate');
    await run('whisper dan', { agentId: 'dan', action: 'whisper', device: 'PJSIP/supervisor' }, 'Originate');
    await run('remove dan', { agentId: 'dan', action: 'queue-remove', queueId: 'support' }, 'QueueRemove');
    await run('logout dan', { agentId: 'dan', action: 'logout' }, 'QueueRemove');
    await run('remove alice', { agentId: 'alice', action: 'queue-remove', queueId: 'support' }, 'QueueRemove');
    const spied = session
      .find((f) => f.msg.event === 'AgentConnect' && f.msg.get('Interface') === 'Local/agent4@agents/n')!
      .msg.get('DestChannel');
    expect(spied).toMatch(/^Local\/agent4@agents-[0-9a-f]+;1$/);
    const idleSpy = session.find((f) => f.dir === 'tx' && f.msg.get('Action') === 'Hangup')!.msg.get('Channel');
    expect(outcomes).toEqual([
      ['pause bob', { ok: true, message: 'Interface paused successfully' }],
      ['unpause bob', { ok: true, message: 'Interface unpaused successfully' }],
      ['unpause dan', { ok: true, message: 'Interface unpaused successfully' }],
      ['add dan', { ok: true, message: 'Added interface to queue (support)' }],
      ['add dan again', { ok: false, message: 'Unable to add interface: Already there (support)' }],
      // No ChanSpyStart within 40 s of the Originate (the recording has none): failed, and the spy hung up.
      ['listen idle alice', { ok: false, message: `ChanSpy did not attach (no ChanSpyStart for ${idleSpy})` }],
      ['listen dan', { ok: true, message: `ChanSpy attached to ${spied}` }],
      ['whisper dan', { ok: true, message: `ChanSpy attached to ${spied}` }],
      ['remove dan', { ok: true, message: 'Removed interface from queue (support)' }],
      ['logout dan', { ok: true, message: 'Removed interface from queue (sales)' }],
      ['remove alice', { ok: false, message: 'Member not dynamic (support)' }],
    ]);
    // Each spy on the call was done at its own ChanSpyStart (SpyerUniqueid = its OriginateResponse's Uniqueid), which
    // came after that OriginateResponse; the idle one failed 40 s after its Originate.
    const originates = session.filter((f) => f.dir === 'tx' && f.msg.get('Action') === 'Originate');
    const rxOf = (event: string, match: (m: AmiMessage) => boolean) =>
      session.find((f) => f.msg.event === event && match(f.msg))!;
    for (const [label, originate] of [
      ['listen dan', originates[1]!],
      ['whisper dan', originates[2]!],
    ] as const) {
      const answer = rxOf('OriginateResponse', (m) => m.get('ActionID') === originate.msg.get('ActionID'));
      const start = rxOf('ChanSpyStart', (m) => m.get('SpyerUniqueid') === answer.msg.get('Uniqueid'));
      expect(start.rxMs, label).toBeGreaterThan(answer.rxMs);
      expect(at.get(label), label).toBe(start.rxMs);
    }
    expect(at.get('listen idle alice')! - originates[0]!.rxMs).toBeGreaterThanOrEqual(40_000);
    expect(at.get('listen idle alice')! - originates[0]!.rxMs).toBeLessThan(41_000);
  });

  it('maps the recorded QueueMemberPause to Bob in aux with the reason, and Dan’s memberships to logins', () => {
    const { events } = replayTranscript(readTranscript(FIXTURE), {
      agents: AGENTS,
      queues: {},
      wrapupSec: { support: 3, sales: 2 },
    });
    const bob = events.filter((e) => e.type === 'agent.state' && e.agentId === 'bob');
    expect(bob.map((e) => e.type === 'agent.state' && [e.state, e.reason])).toEqual([
      ['aux', 'coaching'],
      ['available', undefined],
      // Paused on the PBX itself around the spied call, so that Dan took it.
      ['aux', 'meeting'],
      ['available', undefined],
    ]);
    const dan = events.filter((e) => (e.type === 'agent.login' || e.type === 'agent.logout') && e.agentId === 'dan');
    expect(dan.map((e) => (e.type === 'agent.login' ? ['login', e.queues] : ['logout']))).toEqual([
      ['login', ['sales']],
      ['login', ['sales', 'support']],
      ['login', ['sales']],
      ['logout'],
    ]);
  });
});
