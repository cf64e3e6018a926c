// AmiClient against a scripted AMI server on a loopback port: login, ActionID correlation, lists, reconnect, keepalive.
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient, type AmiLinkState } from '../../server/cti/ami/client.ts';
import type { AmiMessage } from '../../server/cti/ami/protocol.ts';
import { fakeAmi, type Reply } from '../asterisk/fake-ami.ts';

const ok = (a: AmiMessage) => ({ Response: 'Success', ActionID: a.get('ActionID')! });
const standard: Reply = (a, send) => {
  if (a.get('Action') === 'Login') send({ ...ok(a), Message: 'Authentication accepted' });
  else if (a.get('Action') === 'Ping') send({ ...ok(a), Ping: 'Pong' });
  else if (a.get('Action') === 'Logoff') send({ Response: 'Goodbye', ActionID: a.get('ActionID')! });
};

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function client(port: number, extra: Partial<ConstructorParameters<typeof AmiClient>[0]> = {}) {
  const states: Array<[AmiLinkState, string | undefined]> = [];
  const events: AmiMessage[] = [];
  const c = new AmiClient({
    host: '127.0.0.1',
    port,
    user: 'wallboard',
    secret: 's3cret',
    onEvent: (m) => events.push(m),
    onState: (s, d) => states.push([s, d]),
    ...extra,
  });
  cleanup.push(() => c.stop());
  c.start();
  return { c, states, events };
}

describe('AmiClient', () => {
  it('logs in with events on after the banner, then reports up', async () => {
    const ami = await fakeAmi(standard);
    cleanup.push(ami.close);
    const { c, states } = client(ami.port);
    await waitFor(() => c.state === 'up');
    const login = ami.actions[0]!;
    expect([login.get('Action'), login.get('Username'), login.get('Secret'), login.get('Events')]).toEqual([
      'Login',
      'wallboard',
      's3cret',
      'on',
    ]);
    expect(states.map(([s]) => s)).toEqual(['connecting', 'up']);
  });

  it('matches responses to actions by ActionID even when they come back out of order', async () => {
    let held: Array<() => void> = [];
    const ami = await fakeAmi((a, send) => {
      if (a.get('Action') !== 'Getvar') return standard(a, send);
      held.push(() => send({ ...ok(a), Value: a.get('Variable')! }));
      if (held.length === 2) {
        held.reverse().forEach((f) => f());
        held = [];
      }
    });
    cleanup.push(ami.close);
    const { c } = client(ami.port);
    await waitFor(() => c.state === 'up');
    const [x, y] = await Promise.all([
      c.action({ Action: 'Getvar', Variable: 'X' }),
      c.action({ Action: 'Getvar', Variable: 'Y' }),
    ]);
    expect([x.get('Value'), y.get('Value')]).toEqual(['X', 'Y']);
  });

  it('rejects an action answered with Response: Error, with its message', async () => {
    const ami = await fakeAmi((a, send) =>
      a.get('Action') === 'Atxfer'
        ? send({ Response: 'Error', ActionID: a.get('ActionID')!, Message: 'No attended transfer feature code found' })
        : standard(a, send),
    );
    cleanup.push(ami.close);
    const { c } = client(ami.port);
    await waitFor(() => c.state === 'up');
    await expect(c.action({ Action: 'Atxfer', Channel: 'x' })).rejects.toThrow(
      'No attended transfer feature code found',
    );
  });

  it('collects a list action up to EventList: Complete, and passes its events to onEvent too', async () => {
    const ami = await fakeAmi((a, send) => {
      if (a.get('Action') !== 'QueueStatus') return standard(a, send);
      const id = a.get('ActionID')!;
      send({ Response: 'Success', ActionID: id, EventList: 'start' });
      send({ Event: 'QueueParams', Queue: 'support', ActionID: id });
      send({ Event: 'QueueMemberStatus', Queue: 'support', Timestamp: '1.0' }); // an unrelated live event in between
      send({ Event: 'QueueMember', Queue: 'support', Name: 'Alice', ActionID: id });
      send({ Event: 'QueueStatusComplete', ActionID: id, EventList: 'Complete', ListItems: '2' });
    });
    cleanup.push(ami.close);
    const { c, events } = client(ami.port);
    await waitFor(() => c.state === 'up');
    const list = await c.actionList({ Action: 'QueueStatus' });
    expect(list.map((m) => m.event)).toEqual(['QueueParams', 'QueueMember', 'QueueStatusComplete']);
    expect(events.map((m) => m.event)).toEqual([
      'QueueParams',
      'QueueMemberStatus',
      'QueueMember',
      'QueueStatusComplete',
    ]);
  });

  it('reconnects and logs in again after the connection drops, failing what was pending', async () => {
    const ami = await fakeAmi((a, send) => (a.get('Action') === 'Hang' ? undefined : standard(a, send)));
    cleanup.push(ami.close);
    const { c, states } = client(ami.port);
    await waitFor(() => c.state === 'up');
    const pending = c.action({ Action: 'Hang' });
    ami.dropAll();
    await expect(pending).rejects.toThrow(/AMI connection lost/);
    await waitFor(() => c.state === 'up' && ami.connections() === 2);
    expect(states.map(([s]) => s)).toEqual(['connecting', 'up', 'down', 'connecting', 'up']);
    expect(ami.actions.filter((a) => a.get('Action') === 'Login')).toHaveLength(2);
  });

  it('drops and reconnects a link whose keepalive Ping goes unanswered', async () => {
    let answerPings = false;
    const ami = await fakeAmi((a, send) =>
      a.get('Action') === 'Ping' && !answerPings ? undefined : standard(a, send),
    );
    cleanup.push(ami.close);
    const { c, states } = client(ami.port, { pingMs: 100, actionTimeoutMs: 150 });
    await waitFor(() => states.some(([s, d]) => s === 'down' && /keepalive failed/.test(d ?? '')));
    answerPings = true;
    await waitFor(() => c.state === 'up' && ami.connections() >= 2);
  });

  it('reports a refused login as down with the reason, and keeps trying with a growing pause', async () => {
    const ami = await fakeAmi((a, send) =>
      a.get('Action') === 'Login'
        ? send({ Response: 'Error', ActionID: a.get('ActionID')!, Message: 'Authentication failed' })
        : undefined,
    );
    cleanup.push(ami.close);
    const started = Date.now();
    const { states } = client(ami.port, { maxBackoffMs: 1000 });
    // Attempts at 0, +0.5 s and +1.5 s (500 ms, then 1000 ms, the cap).
    await waitFor(() => ami.connections() >= 3, 4000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(states.find(([s]) => s === 'down')).toEqual(['down', 'login failed: Authentication failed']);
  });
});
