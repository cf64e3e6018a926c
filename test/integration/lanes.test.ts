// The two lanes on a real node (docs/contract.md, *Two lanes*): a screen that asks for them sees an agent's state
// change within tens of milliseconds; a client of today's protocol still gets `snapshot` + `update` as before,
// and no `patch`; an agent's desktop on the lanes never hears of another agent.
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import type { Patch } from '../../shared/patch.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import { eventFactory } from '../helpers/events.ts';
import { type RedisProcess, startRedis } from '../helpers/redis.ts';
import { agentToken, DISPLAY_TOKEN, LiveClient, startTestNode, waitFor } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const STREAM = 'lanes:events';
const ev = eventFactory(Date.now() - 60_000);
const DESK = 'desk-1';

let redis: RedisProcess;
let client: Redis;
let node: RunningNode;
let wall: LiveClient;
let desk: LiveClient;
/** Today's protocol, as a client built before the lanes connects: a raw socket.io-client with a token only. */
let old: Socket;
const oldSeen: { snapshot: Snapshot | null; updates: Update[]; patches: number } = {
  snapshot: null,
  updates: [],
  patches: 0,
};
let at = 0;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, stream: STREAM, agentTokens: [DESK] });
  await xaddEvents(client, STREAM, [
    ev('agent.login', at++, { agentId: DESK, teamId: 't1', queues: ['sales'], state: 'available' }),
    ev('agent.login', at++, { agentId: 'other', teamId: 't2', queues: ['sales'], state: 'available' }),
  ]);
  wall = new LiveClient(node.url, DISPLAY_TOKEN, { lanes: true });
  desk = new LiveClient(node.url, agentToken(DESK), { lanes: true });
  old = io(node.url, { auth: { token: DISPLAY_TOKEN }, transports: ['websocket'], reconnection: false });
  old.on('snapshot', (s: Snapshot) => (oldSeen.snapshot = s));
  old.on('update', (u: Update) => oldSeen.updates.push(u));
  old.on('patch', () => oldSeen.patches++);
  await waitFor('both agents on the wall', () => wall.snapshot?.agents.length === 2);
  await waitFor('the desk snapshot', () => desk.snapshot);
  await waitFor('the old snapshot', () => oldSeen.snapshot);
});

afterAll(async () => {
  wall?.close();
  desk?.close();
  old?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

const stateOf = (c: LiveClient, agentId: string) => c.snapshot?.agents.find((a) => a.id === agentId)?.state;

/** Flips `agentId` between available and aux `n` times; how long each flip took to show on `c`'s screen. */
async function flips(c: LiveClient, agentId: string, n: number): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < n; i++) {
    const state = stateOf(c, agentId) === 'aux' ? 'available' : 'aux';
    // Between flips, time for the 250-ms update of today's protocol to go: a lane must not wait for it.
    await new Promise((r) => setTimeout(r, 120 + ((i * 37) % 200)));
    const shown = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${agentId} never showed ${state}`)), 5_000);
      // After the client's own listener (registered first) has merged the patch.
      const check = () => {
        if (stateOf(c, agentId) !== state) return;
        clearTimeout(timer);
        c.socket.off('patch', check);
        resolve(Date.now());
      };
      c.socket.on('patch', check);
    });
    const sent = Date.now();
    await xaddEvents(client, STREAM, [
      ev('agent.state', at++, { agentId, state, reason: state === 'aux' ? 'break' : undefined }),
    ]);
    took.push((await shown) - sent);
  }
  return took.sort((a, b) => a - b);
}

it('a two-lane screen sees a state change within tens of milliseconds', async () => {
  const took = await flips(wall, 'other', 12);
  // XADD until the patch that shows it is merged: the live lane goes out as soon as the batch is folded; today's
  // update would wait up to 250 ms for its turn.
  console.log(`lanes: state change on screen in ${took.join(', ')} ms`);
  expect(took[Math.floor(took.length / 2)]).toBeLessThan(60);
  expect(took.at(-1)).toBeLessThan(1_000);
  const live = wall.patches.filter((p) => p.lane === 'live' && p.agents?.some((a) => a.id === 'other'));
  expect(live.length).toBeGreaterThan(0);
  // Field-level: the agent's windows never ride on the live lane once the row is known.
  for (const p of live) for (const a of p.agents ?? []) expect(a).not.toHaveProperty('windows');
  expect(wall.updates).toEqual([]);
});

it('the window lane comes once a second, carrying the windowed figures', async () => {
  await waitFor('three window patches', () => wall.patches.filter((p) => p.lane === 'window').length >= 3);
  const windows = wall.patches.filter((p) => p.lane === 'window');
  for (const [i, p] of windows.entries()) if (i > 0) expect(p.seq).toBeGreaterThan(windows[i - 1]!.seq);
  // asOf is the view's, which may be up to 200 ms older than the moment the lane was planned (LiveModel's cache).
  for (let i = 1; i < windows.length; i++)
    expect(windows[i]!.asOf - windows[i - 1]!.asOf).toBeGreaterThanOrEqual(1_000 - 200);
  const windowKeys = windows.flatMap((p) => (p.agents ?? []).flatMap((a) => Object.keys(a)));
  expect(windowKeys.every((k) => k === 'id' || k === 'windows' || k === 'adherence')).toBe(true);
});

it("a client of today's protocol still gets snapshot + update, whole rows, and never a patch", async () => {
  await flips(wall, 'other', 2);
  const target = stateOf(wall, 'other');
  await waitFor('the old client to see the change', () =>
    oldSeen.updates.some((u) => u.agents?.some((a) => a.id === 'other' && a.state === target)),
  );
  expect(oldSeen.snapshot!.seq).toBeUndefined();
  expect(oldSeen.patches).toBe(0);
  const rows = oldSeen.updates.flatMap((u) => u.agents ?? []);
  expect(rows.length).toBeGreaterThan(0);
  // Whole rows, as CONTRACT §4 says: each listed agent replaces the one with the same id.
  for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'name', 'state', 'windows']));
  // Updates still come at most every 250 ms.
  for (let i = 1; i < oldSeen.updates.length; i++)
    expect(oldSeen.updates[i]!.asOf - oldSeen.updates[i - 1]!.asOf).toBeGreaterThanOrEqual(250 - 200);
});

it("an agent's desktop on the lanes sees its own changes fast and never another agent", async () => {
  const took = await flips(desk, DESK, 4);
  console.log(`lanes: own state change on the desktop in ${took.join(', ')} ms`);
  expect(took[1]).toBeLessThan(100);
  expect(desk.snapshot!.agents.map((a) => a.id)).toEqual([DESK]);
  const named = (p: Patch) => [...(p.agents ?? []).map((a) => a.id), ...(p.teams ?? []).map((t) => `team:${t.id}`)];
  const everything = desk.patches.flatMap(named);
  expect(everything).toContain(DESK);
  expect(everything.filter((id) => id !== DESK && id !== 'team:t1')).toEqual([]);
  // The other agent flipped all along (the tests above): its changes reached the wall, not this desk.
  expect(wall.patches.flatMap(named)).toContain('other');
});

it('asks for the baseline faster than once a second are answered together, once a second, none dropped', async () => {
  const c = new LiveClient(node.url, DISPLAY_TOKEN, { lanes: true });
  try {
    await waitFor('the first snapshot', () => c.snapshot);
    const answers: number[] = [];
    c.socket.on('snapshot', (s) => answers.push(s.seq ?? -1));
    const asked = Date.now();
    for (let i = 0; i < 50; i++) c.socket.emit('resync');
    await new Promise((r) => setTimeout(r, 400));
    // The first ask is answered at once (no resync before it): one snapshot for the 50.
    expect(answers).toHaveLength(1);
    c.socket.emit('resync');
    c.socket.emit('resync');
    await waitFor('the second answer', () => answers.length === 2);
    // The second second's asks wait for it to be up, then get one answer.
    expect(Date.now() - asked).toBeGreaterThanOrEqual(950);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(answers).toHaveLength(2);
    expect(answers.every((seq) => seq >= 0)).toBe(true);
  } finally {
    c.close();
  }
});
