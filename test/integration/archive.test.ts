// The event archive across a cluster (CONTRACT §9): two nodes on one stream and one database; the lease holder
// archives, the other takes over when it goes, and every entry ends up in the archive exactly once. After the
// stream is trimmed away, `?at=` still answers from the archive, equal to a fresh fold of the events up to then.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { roundForWire } from '../../server/realtime/wire.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { eventFactory } from '../helpers/events.ts';
import { createDatabase } from '../helpers/postgres.ts';
import { readStream, referenceViewAt } from '../helpers/reference.ts';
import { useRedis } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, startTestNode, testConfig, waitFor } from '../helpers/server.ts';
import { numbersOf, xaddEvents } from '../helpers/stream-writer.ts';

const redis = useRedis();
let client: Redis;
const nodes: RunningNode[] = [];

beforeAll(() => {
  client = new Redis(redis().url, { protocol: 2 });
});
afterAll(async () => {
  for (const n of nodes) await n.close();
  client?.disconnect();
});

const get = (node: RunningNode, path: string, token = ADMIN_TOKEN) =>
  fetch(node.url + path, { headers: { Authorization: `Bearer ${token}` } });

async function archivedIds(node: RunningNode): Promise<string[]> {
  const r = await node.history.pool.query<{ id: string }>(
    `SELECT id_ms || '-' || id_seq AS id FROM event_archive ORDER BY id_ms, id_seq`,
  );
  return r.rows.map((x) => x.id);
}

let tries = 0;
it('two nodes, a lease handover: every entry archived once; the trimmed stream still answers ?at=', async () => {
  const stream = `archive:${++tries}`;
  const db = await createDatabase();
  try {
    const options = (nodeId: string) => ({ redisUrl: redis().url, databaseUrl: db.url, stream, nodeId });
    const a = await startTestNode(options(`arch-a-${tries}`));
    nodes.push(a);
    const b = await startTestNode(options(`arch-b-${tries}`));
    nodes.push(b);
    expect(a.lease.held()).toBe(true);

    const T0 = Date.now() - 3_600_000;
    const ev = eventFactory(T0);
    const first = [
      ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
      ev('agent.login', 5, { agentId: 'a2', teamId: 't1', queues: ['sales'] }),
      ev('call.offered', 60, { callId: 'c1', queueId: 'sales' }),
      ev('call.answered', 72, { callId: 'c1', agentId: 'a1' }),
      ev('call.offered', 90, { callId: 'c2', queueId: 'sales' }),
    ];
    const second = [
      ev('call.abandoned', 130, { callId: 'c2' }),
      ev('call.ended', 300, { callId: 'c1' }),
      ev('agent.state', 1200, { agentId: 'a2', state: 'aux', reason: 'lunch' }),
      ev('call.offered', 1500, { callId: 'c3', queueId: 'sales' }),
    ];
    const firstIds = await xaddEvents(client, stream, first);
    await waitFor('node a to archive the first entries', async () => (await archivedIds(a)).length === first.length);
    await a.close();
    nodes.splice(nodes.indexOf(a), 1);
    await waitFor('node b to take the lease', () => b.lease.held());
    const secondIds = await xaddEvents(client, stream, second);
    await waitFor(
      'node b to archive the rest',
      async () => (await archivedIds(b)).length === first.length + second.length,
    );
    expect(await archivedIds(b)).toEqual([...firstIds, ...secondIds]);
    expect(a.archive.archiver.stats.appended).toBe(first.length);
    expect(b.archive.archiver.stats.appended).toBe(second.length);

    const entries = await readStream(client, stream);
    await client.xtrim(stream, 'MAXLEN', 0);
    expect(await client.xlen(stream)).toBe(0);
    const config = testConfig({ redisUrl: '' });
    // At 1:40 c1 is talking and c2 waits (it abandons at 2:10); at 25:00 a2 is on lunch and c3 waits.
    for (const at of [T0 + 100_000, T0 + 1_500_000]) {
      const res = await get(b, `/api/v1/snapshot?at=${at}`);
      expect(res.status).toBe(200);
      const snap = (await res.json()) as Snapshot;
      expect(snap.replay).toBe(true);
      expect(snap.asOf).toBe(at);
      expect(numbersOf(snap)).toEqual(
        numbersOf({ ...roundForWire(referenceViewAt(entries, config, at)), replay: true }),
      );
    }
    const iso = new Date(T0 + 100_000).toISOString();
    const past = (await (await get(b, `/api/v1/snapshot?at=${iso}`, DISPLAY_TOKEN)).json()) as Snapshot;
    expect(past.center.windows.today.answered).toBe(1);
    expect(past.center.windows.today.abandoned).toBe(0);
    expect(past.center.waiting).toBe(1);
    expect((await get(b, `/api/v1/snapshot?at=${T0 - 60_000}`)).status).toBe(404);
    expect((await get(b, `/api/v1/snapshot?at=${Date.now() + 3_600_000}`)).status).toBe(404);
    expect((await get(b, '/api/v1/snapshot?at=yesterday')).status).toBe(400);
    expect((await get(b, `/api/v1/snapshot?at=${T0}`, 'wrong-token-0123456789')).status).toBe(401);
    const live = (await (await get(b, '/api/v1/snapshot')).json()) as Snapshot;
    expect(live.replay).toBeUndefined();
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(metrics).toMatch(/^floorboard_archive_lag_seconds 0$/m);
    expect(metrics).toMatch(/^floorboard_archive_entries_total 4$/m);
  } finally {
    for (const n of nodes.splice(0)) await n.close();
    await db.drop();
  }
}, 60_000);
