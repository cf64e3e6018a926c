// The wallboard in Chromium under load: 1,000 agents on 20 queues, events written at a steady rate for a while,
// the default board rotating through its pages. Reports page CPU % at start and end, JS heap, then frame times (and
// the CPU while they are probed).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { DEFAULT_STREAM, EVENT_FIELD } from '../shared/stream.ts';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../test/helpers/browser.ts';
import { startRedis } from '../test/helpers/redis.ts';
import { DISPLAY_TOKEN, startTestNode } from '../test/helpers/server.ts';

interface Sample {
  at: number;
  taskSec: number;
  scriptSec: number;
  heapMb: number;
}

interface WallboardBenchResult {
  cpuPercentStart: number;
  cpuPercentEnd: number;
  /** While the frame-time probe runs. */
  cpuPercentProbed: number;
  heapMbStart: number;
  heapMbEnd: number;
  frameMsP50: number;
  frameMsP99: number;
  eventsWritten: number;
}

const WINDOW_SEC = 20;

/** A synthetic floor: logins first, then per tick a call offered, answered or ended, and an agent going aux or back. */
function feed(agents: number, queues: number) {
  let n = 0;
  let call = 0;
  const ev = (o: Record<string, unknown>) => JSON.stringify({ id: `b-${++n}`, ts: Date.now(), ...o });
  const logins = Array.from({ length: agents }, (_, i) =>
    ev({ type: 'agent.login', agentId: `a${i}`, name: `Agent ${i}`, teamId: `t${i % 20}`, queues: [`q${i % queues}`] }),
  );
  const next = (): string[] => {
    const c = ++call;
    const q = `q${c % queues}`;
    const agent = `a${(c * 7) % agents}`;
    return [
      ev({ type: 'call.offered', callId: `c${c}`, queueId: q }),
      ev({ type: 'call.answered', callId: `c${c - 3}`, agentId: `a${((c - 3) * 7 + agents) % agents}` }),
      ev({ type: 'call.ended', callId: `c${c - 20}` }),
      ev({ type: 'agent.state', agentId: agent, state: c % 2 ? 'aux' : 'available', reason: 'break' }),
    ];
  };
  return { logins, next };
}

async function benchWallboard(
  seconds = 180,
  agents = 1000,
  queues = 20,
  updatesPerSec = 50,
): Promise<WallboardBenchResult> {
  // Outside vitest there is no run-wide PostgreSQL to inject: a private one (DATABASE_URL: that one).
  const dir = await mkdtemp(path.join(os.tmpdir(), 'floorboard-bench-wallboard-'));
  // The private PostgreSQL runs as the postgres user under root: it must be able to enter the directory.
  await chmod(dir, 0o755);
  const pg = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(dir, pino({ level: 'warn' }));
  const redis = await startRedis();
  const client = new Redis(redis.url, { protocol: 2 });
  const node = await startTestNode({
    redisUrl: redis.url,
    databaseUrl: process.env.DATABASE_URL ?? pg!.url,
    config: { teams: Array.from({ length: 20 }, (_, i) => ({ id: `t${i}`, name: `Team ${i + 1}` })) },
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'],
  });
  let written = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  try {
    const { logins, next } = feed(agents, queues);
    const pipe = client.pipeline();
    for (const e of logins) pipe.xadd(DEFAULT_STREAM, '*', EVENT_FIELD, e);
    await pipe.exec();
    written += logins.length;
    // Each batch of events lands in its own server tick (at most 4 a second), so the page sees every update the
    // server can send; the rate asked for is the event rate.
    timer = setInterval(() => {
      const batch = client.pipeline();
      for (const e of next()) batch.xadd(DEFAULT_STREAM, '*', EVENT_FIELD, e);
      written += 4;
      void batch.exec();
    }, 1000 / updatesPerSec);

    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${node.url}/wall/default?token=${DISPLAY_TOKEN}`);
    await page.getByTestId('wall').waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const sample = async (): Promise<Sample> => {
      await cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0;
      return {
        at: Date.now(),
        taskSec: m('TaskDuration'),
        scriptSec: m('ScriptDuration'),
        heapMb: m('JSHeapUsedSize') / 1e6,
      };
    };
    const cpu = (a: Sample, b: Sample) => (100 * (b.taskSec - a.taskSec)) / ((b.at - a.at) / 1000);
    const wait = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

    const s0 = await sample();
    await wait(WINDOW_SEC);
    const s1 = await sample();
    await wait(Math.max(0, seconds - 2 * WINDOW_SEC));
    const s2 = await sample();
    await wait(WINDOW_SEC);
    const s3 = await sample();
    // Frame times need a requestAnimationFrame callback on every frame, which makes Chromium run the page's whole
    // frame (style, paint, commit) 60 times a second where a wall alone needs one per update or tick: measured in a
    // window of its own after the two above, whose CPU is the page's as a TV runs it.
    // A string, not a function: tsx's transform would put helpers into the function that the page does not have.
    await page.evaluate(`(() => {
      window.frames_ = [];
      let last = performance.now();
      const tick = (t) => { window.frames_.push(t - last); last = t; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const s4 = await sample();
    await wait(WINDOW_SEC);
    const s5 = await sample();
    const frames = ((await page.evaluate('window.frames_')) as number[]).slice(10).sort((a, b) => a - b);
    const pct = (p: number) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))] ?? NaN;
    return {
      cpuPercentStart: cpu(s0, s1),
      cpuPercentEnd: cpu(s2, s3),
      cpuPercentProbed: cpu(s4, s5),
      heapMbStart: s1.heapMb,
      heapMbEnd: s3.heapMb,
      frameMsP50: pct(0.5),
      frameMsP99: pct(0.99),
      eventsWritten: written,
    };
  } finally {
    clearInterval(timer);
    await browser.close();
    await node.close();
    client.disconnect();
    await redis.stop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Prints the result the way bench/run.ts prints the others. */
export async function printWallboardBench(seconds: number): Promise<void> {
  const r = await benchWallboard(seconds);
  console.log(
    `wallboard: ${seconds} s, 1000 agents, 20 queues, ${r.eventsWritten} events; page CPU ${r.cpuPercentStart.toFixed(1)}% → ${r.cpuPercentEnd.toFixed(1)}% of one core (${r.cpuPercentProbed.toFixed(1)}% with the frame probe); ` +
      `JS heap ${r.heapMbStart.toFixed(1)} → ${r.heapMbEnd.toFixed(1)} MB; frame time p50 ${r.frameMsP50.toFixed(1)} ms, p99 ${r.frameMsP99.toFixed(1)} ms`,
  );
}
