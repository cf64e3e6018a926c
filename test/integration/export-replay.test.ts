// `npm run export` and `npm run replay` as processes against a real redis-server and a real node: time-range
// selection, the recording format, shifted and kept time, repeats ignored by the server, invalid lines, pacing.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FloorEvent } from '../../shared/events.ts';
import type { RunningNode } from '../../server/node.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { readRange } from '../../server/stream/range.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const source = 'rec:events';
// Minutes ago, so every event is inside the rolling 60m window whatever the local day.
const T0 = Date.now() - 5 * 60_000;
const ev = eventFactory(T0);

let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let dir: string;

const recorded: FloorEvent[] = [
  ev('agent.login', 0, { agentId: 'a1', queues: ['sales'] }),
  ev('call.offered', 10, { callId: 'c1', queueId: 'sales' }),
  ev('call.answered', 25, { callId: 'c1', agentId: 'a1' }),
  ev('call.offered', 30, { callId: 'c2', queueId: 'sales' }),
  ev('call.abandoned', 45, { callId: 'c2' }),
  ev('call.ended', 100, { callId: 'c1' }),
  ev('callback.requested', 110, { callbackId: 'cb1', queueId: 'sales', dueTs: T0 + 200_000 }),
];
// Each event's stream id carries its own ts, so time ranges select known entries.
const entryId = (e: FloorEvent) => `${e.ts}-0`;
const GARBAGE_ID = `${T0 + 25_000}-1`;
const NO_EVENT_ID = `${T0 + 26_000}-0`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI the way `npm run` does, without the test's REDIS_URL / FLOORBOARD_STREAM leaking in. */
function run(script: 'export' | 'replay', args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.REDIS_URL;
  delete env.FLOORBOARD_STREAM;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', `server/cli/${script}.ts`, ...args], {
      cwd: ROOT,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const eventsOf = async (stream: string) =>
  ((await client.xrange(stream, '-', '+')) as [string, string[]][]).map(([, f]) => JSON.parse(f[1]!) as FloorEvent);

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'floorboard-replay-'));
  for (const e of recorded) {
    await client.xadd(source, entryId(e), 'event', JSON.stringify(e));
    if (e.id === 'e-3') {
      await client.xadd(source, GARBAGE_ID, 'event', '{oops');
      await client.xadd(source, NO_EVENT_ID, 'note', 'no event field');
    }
  }
  node = await startTestNode({ redisUrl: redis.url, stream: source });
  await waitFor('the source folded', () => node.live.state.cursor === entryId(recorded.at(-1)!));
});

afterAll(async () => {
  await node?.close();
  client?.disconnect();
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('export', { timeout: 60_000 }, () => {
  it('reads a range page by page without skipping or repeating an entry at the page edges', async () => {
    const pages: string[][] = [];
    for await (const page of readRange(client, source, { fromMs: T0 + 10_000, toMs: null }, 2))
      pages.push(page.map((e) => e.id));
    const ids = [
      entryId(recorded[1]!),
      entryId(recorded[2]!),
      GARBAGE_ID,
      NO_EVENT_ID,
      ...recorded.slice(3).map(entryId),
    ];
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4, 6), ids.slice(6, 8)]);
  });

  it('writes every entry of a ms range as NDJSON, keeping entries that are not JSON or have no event', async () => {
    const r = await run('export', [
      '--redis',
      redis.url,
      '--stream',
      source,
      '--from',
      String(T0),
      '--to',
      String(T0 + 110_000),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /exported 9 entries \(1 not valid JSON, kept as "raw", 1 without an event field, kept as "fields"\)/,
    );
    const out = lines(r.stdout);
    expect(out.map((l) => l.streamId)).toEqual([
      ...recorded.slice(0, 3).map(entryId),
      GARBAGE_ID,
      NO_EVENT_ID,
      ...recorded.slice(3).map(entryId),
    ]);
    expect(out.filter((l) => 'event' in l).map((l) => l.event)).toEqual(recorded);
    expect(out[3]).toEqual({ streamId: GARBAGE_ID, raw: '{oops' });
    expect(out[4]).toEqual({ streamId: NO_EVENT_ID, fields: { note: 'no event field' } });
  });

  it('selects by entry time, both ends inclusive to the ms, in ISO 8601 as in ms', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const [a, b] = await Promise.all([
      run('export', ['--redis', redis.url, '--stream', source, '--from', iso(T0 + 10_000), '--to', iso(T0 + 25_000)]),
      run('export', [
        '--redis',
        redis.url,
        '--stream',
        source,
        '--from',
        String(T0 + 10_001),
        '--to',
        String(T0 + 29_999),
      ]),
    ]);
    expect(a.code).toBe(0);
    expect(lines(a.stdout).map((l) => l.streamId)).toEqual([entryId(recorded[1]!), entryId(recorded[2]!), GARBAGE_ID]);
    expect(lines(b.stdout).map((l) => l.streamId)).toEqual([entryId(recorded[2]!), GARBAGE_ID, NO_EVENT_ID]);
    expect(b.stderr).toMatch(/exported 3 entries/);
  });

  it('bad arguments: a clear message and exit 2', async () => {
    const [when, order, noRedis] = await Promise.all([
      run('export', ['--redis', redis.url, '--from', 'yesterday']),
      run('export', ['--redis', redis.url, '--from', '2000', '--to', '1000']),
      run('export', ['--from', '1000']),
    ]);
    expect(when.code).toBe(2);
    expect(when.stderr).toMatch(/--from must be ms since the epoch or ISO 8601 .*got "yesterday"/);
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/--from .* is after --to/);
    expect(noRedis.code).toBe(2);
    expect(noRedis.stderr).toMatch(/pass --redis <url> or set REDIS_URL/);
  });
});

describe('replay', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    const r = await run('export', ['--redis', redis.url, '--stream', source]);
    if (r.code !== 0) throw new Error(`export for the replay tests failed: ${r.stderr}`);
    await writeFile(path.join(dir, 'all.ndjson'), r.stdout);
  });

  /** The recording without its two unreadable entries, so these runs have nothing to skip. */
  async function cleanRecording(): Promise<string> {
    const all = await readFile(path.join(dir, 'all.ndjson'), 'utf8');
    const file = path.join(dir, 'clean.ndjson');
    await writeFile(
      file,
      `${all
        .split('\n')
        .filter((l) => l.includes('"event"'))
        .join('\n')}\n`,
    );
    return file;
  }

  it('--speed 0 moves the first event to now, keeps the gaps, and rewrites ids with the run id', async () => {
    const file = await cleanRecording();
    const before = Date.now();
    const r = await run('replay', [
      file,
      '--redis',
      redis.url,
      '--stream',
      'copy:shifted',
      '--speed',
      '0',
      '--run-id',
      'run1',
    ]);
    const after = Date.now();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/replayed 7 events into copy:shifted/);
    const copy = await eventsOf('copy:shifted');
    expect(copy.map((e) => e.id)).toEqual([
      'e-1~rrun1',
      'e-2~rrun1',
      'e-3~rrun1',
      'e-4~rrun1',
      'e-5~rrun1',
      'e-6~rrun1',
      'e-7~rrun1',
    ]);
    const shift = copy[0]!.ts - recorded[0]!.ts;
    expect(copy[0]!.ts).toBeGreaterThanOrEqual(before);
    expect(copy[0]!.ts).toBeLessThanOrEqual(after);
    // Gaps from the first event, in ms: 0, 10 s, 25 s, 30 s, 45 s, 100 s, 110 s.
    expect(copy.map((e) => e.ts - copy[0]!.ts)).toEqual([0, 10_000, 25_000, 30_000, 45_000, 100_000, 110_000]);
    const callback = copy[6] as Extract<FloorEvent, { type: 'callback.requested' }>;
    expect(callback.dueTs! - callback.ts).toBe(90_000);
    expect(copy.map(({ id: _id, ts: _ts, ...rest }) => rest)).toEqual(
      recorded.map(({ id: _id, ts: _ts, ...rest }) =>
        'dueTs' in rest ? { ...rest, dueTs: rest.dueTs! + shift } : rest,
      ),
    );
  });

  it('--keep-time writes the events exactly as recorded', async () => {
    const r = await run('replay', [
      await cleanRecording(),
      '--redis',
      redis.url,
      '--stream',
      'copy:kept',
      '--keep-time',
    ]);
    expect(r.code).toBe(0);
    expect(await eventsOf('copy:kept')).toEqual(recorded);
  });

  it('--keep-time into the recorded stream adds entries the server ignores as repeats: the numbers do not move', async () => {
    const snapshot = async () =>
      (await (
        await fetch(`${node.url}/api/v1/snapshot`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
      ).json()) as Snapshot;
    const numbers = (s: Snapshot) => {
      const sales = s.queues.find((q) => q.id === 'sales')!;
      const w = sales.windows['60m'];
      return {
        waiting: sales.waiting,
        offered: w.offered,
        answered: w.answered,
        abandoned: w.abandoned,
        a1: s.agents.find((a) => a.id === 'a1')!.state,
      };
    };
    const { folded, duplicates } = node.live.state.stats;
    const before = numbers(await snapshot());
    // c1 answered after 15 s and ended, agent in wrap-up; c2 abandoned after 15 s (> the 5 s short-abandon limit).
    expect(before).toEqual({ waiting: 0, offered: 2, answered: 1, abandoned: 1, a1: 'acw' });

    const r = await run('replay', [
      path.join(dir, 'all.ndjson'),
      '--redis',
      redis.url,
      '--stream',
      source,
      '--keep-time',
    ]);
    expect(r.code).toBe(3); // the two unreadable entries were skipped
    const last = ((await client.xrevrange(source, '+', '-', 'COUNT', 1)) as [string, string[]][])[0]![0];
    await waitFor('the replayed entries processed', () => node.live.state.cursor === last);
    expect(await client.xlen(source)).toBe(9 + 7);
    expect(node.live.state.stats.duplicates).toBe(duplicates + 7);
    expect(node.live.state.stats.folded).toBe(folded);
    expect(numbers(await snapshot())).toEqual(before);
  });

  it('reports each invalid line by number, writes the valid ones, and exits 3', async () => {
    const file = path.join(dir, 'mixed.ndjson');
    const good1 = { id: 'm-1', type: 'call.offered', ts: T0, callId: 'm1', queueId: 'sales' };
    const good2 = { id: 'm-2', type: 'call.abandoned', ts: T0 + 3_000, callId: 'm1' };
    await writeFile(
      file,
      [
        JSON.stringify(good1), // a bare event
        '{not json',
        JSON.stringify({ streamId: '1-0', event: { id: 'm-x', type: 'call.offered', ts: T0, queueId: 'sales' } }),
        '',
        JSON.stringify({ streamId: '2-0', raw: '{oops' }),
        JSON.stringify({ streamId: '3-0', event: good2 }),
      ].join('\n'),
    );
    const r = await run('replay', [file, '--redis', redis.url, '--stream', 'copy:mixed', '--keep-time']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^line 2: not valid JSON$/m);
    expect(r.stderr).toMatch(/^line 3: call\.offered: callId: /m);
    expect(r.stderr).toMatch(/^line 5: the recorded entry was not valid JSON \("raw"\)$/m);
    expect(r.stderr).not.toMatch(/line [146]:/);
    expect(r.stderr).toMatch(/replayed 2 events into copy:mixed; 3 invalid lines skipped/);
    expect(await eventsOf('copy:mixed')).toEqual([good1, good2]);
  });

  it("paces by the recording's gaps divided by --speed", async () => {
    const file = path.join(dir, 'paced.ndjson');
    const gaps = [0, 2_000, 6_000];
    await writeFile(
      file,
      gaps
        .map((g, i) => JSON.stringify({ id: `p-${i}`, type: 'call.abandoned', ts: T0 + g, callId: `p${i}` }))
        .join('\n'),
    );
    const r = await run('replay', [
      file,
      '--redis',
      redis.url,
      '--stream',
      'copy:paced',
      '--speed',
      '20',
      '--run-id',
      'p',
    ]);
    expect(r.code).toBe(0);
    const entries = (await client.xrange('copy:paced', '-', '+')) as [string, string[]][];
    const ts = entries.map(([, f]) => (JSON.parse(f[1]!) as FloorEvent).ts);
    expect(ts.map((t) => t - ts[0]!)).toEqual(gaps);
    // The first event's shifted ts is the moment the schedule started; at ×20, 2 s and 6 s of event time are due
    // 100 ms and 300 ms of wall time after it. Redis stamps each entry's id with when it arrived.
    const arrived = entries.map(([id]) => Number(id.split('-')[0]) - ts[0]!);
    expect(arrived[1]).toBeGreaterThanOrEqual(100);
    expect(arrived[2]).toBeGreaterThanOrEqual(300);
    expect(arrived[2]).toBeLessThan(5_000);
  });

  it('--dry-run checks and summarises without Redis and writes nothing', async () => {
    const r = await run('replay', [path.join(dir, 'all.ndjson'), '--stream', 'copy:dry', '--speed', '60', '--dry-run']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^line 4: .*"raw"/m);
    expect(r.stderr).toMatch(/^line 5: .*"fields"/m);
    expect(r.stderr).toMatch(
      /dry run: would replay 7 events spanning 1m50s of event time into copy:dry \(speed ×60, about 2s;/,
    );
    expect(await client.exists('copy:dry')).toBe(0);
  });

  it('a missing file or a bad --speed: a clear message and exit 2', async () => {
    const [missing, speed] = await Promise.all([
      run('replay', [path.join(dir, 'nope.ndjson'), '--redis', redis.url]),
      run('replay', [path.join(dir, 'all.ndjson'), '--redis', redis.url, '--speed', 'fast']),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.ndjson/);
    expect(speed.code).toBe(2);
    expect(speed.stderr).toMatch(/--speed must be a number ≥ 0 \(got "fast"\)/);
  });
});
