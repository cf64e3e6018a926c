// The real Asterisk of shared/asterisk for the opt-in live test: is it built, start it, stop it, drive it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { AmiClient } from '../../server/cti/ami/client.ts';
import type { AmiMessage } from '../../server/cti/ami/protocol.ts';
import { formatTranscriptFrame } from './transcript.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

/** shared/asterisk sits beside the repository (as CI lays it out); ASTERISK_SHARED overrides. */
export const SHARED_DIR = process.env.ASTERISK_SHARED ?? path.resolve(repo, '../shared/asterisk');
/** Where setup.sh built the chroot; ASTERISK_ROOT overrides. */
export const ROOT = process.env.ASTERISK_ROOT ?? '/tmp/asterisk-root';
export const AMI = { host: '127.0.0.1', port: 5038, user: 'wallboard', secret: 'wbsecret' };

/**
 * The live test is opt-in (not in `npm test`), but run as `npm run test:asterisk` or with ASTERISK_REQUIRED=1 a
 * PBX that is not there is a failure, not a skip.
 */
export const PBX_REQUIRED =
  process.env.ASTERISK_REQUIRED === '1' || process.env.npm_lifecycle_event === 'test:asterisk';

/** Why the live test cannot run here, or undefined when it can. */
export async function whyNotReady(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the Asterisk chroot needs root';
  if (!fs.existsSync(path.join(SHARED_DIR, 'start.sh'))) return `no ${SHARED_DIR}/start.sh (set ASTERISK_SHARED)`;
  if (!fs.existsSync(path.join(ROOT, 'usr/sbin/asterisk'))) {
    return `Asterisk is not built in ${ROOT}: run  bash ${SHARED_DIR}/setup.sh ${ROOT}  first (root, a few minutes)`;
  }
  if (!(await hasSipp())) return 'sipp is not installed (setup.sh installs it: apt-get install sip-tester)';
  return undefined;
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

export interface Pbx {
  /** False when an Asterisk was already listening: it is used and left running. */
  started: boolean;
  stop(): Promise<void>;
}

/** Starts Asterisk with start.sh unless one already answers on the AMI port. */
export async function startAsterisk(): Promise<Pbx> {
  if (await portOpen(AMI.port)) return { started: false, stop: async () => undefined };
  const { stdout } = await run('bash', [path.join(SHARED_DIR, 'start.sh'), ROOT]);
  const pid = Number(stdout.trim().split('\n').at(-1));
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`start.sh printed no PID: ${stdout}`);
  return {
    started: true,
    async stop() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 40 && (await portOpen(AMI.port)); i++) await sleep(250);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An AMI session of the test's own that records every event, to compare with what the adapter wrote. */
export async function driver(): Promise<{ client: AmiClient; frames: AmiMessage[]; transcript: () => string }> {
  const frames: AmiMessage[] = [];
  const received: Date[] = [];
  let up!: () => void;
  const ready = new Promise<void>((r) => (up = r));
  const onEvent = (m: AmiMessage) => (frames.push(m), received.push(new Date()));
  const client = new AmiClient({ ...AMI, onEvent, onState: (s) => s === 'up' && up() });
  client.start();
  await Promise.race([ready, sleep(15_000).then(() => Promise.reject(new Error('AMI login timed out')))]);
  /** The events seen, as a transcript the mapper tests can replay (transcript.ts). */
  const transcript = () =>
    '# banner Asterisk Call Manager/11.0.0\n\n' +
    frames
      .map((m, i) => formatTranscriptFrame(received[i]!, m.pairs.map(([k, v]) => `${k}: ${v}`).join('\r\n')))
      .join('');
  return { client, frames, transcript };
}

/** Per-queue counters from QueueStatus (QueueParams: Completed, Abandoned), paused members, what is going on. */
export async function queueStatus(client: AmiClient): Promise<{
  params: Record<string, { completed: number; abandoned: number }>;
  /** `<queue> <member name>` of the members paused there. */
  paused: Set<string>;
  busy: boolean;
}> {
  const list = await client.actionList({ Action: 'QueueStatus' });
  const params: Record<string, { completed: number; abandoned: number }> = {};
  const paused = new Set<string>();
  let busy = false;
  for (const m of list) {
    if (m.event === 'QueueParams') {
      params[m.get('Queue')!] = { completed: Number(m.get('Completed')), abandoned: Number(m.get('Abandoned')) };
    }
    if (m.event === 'QueueMember' && m.get('Paused') === '1') paused.add(`${m.get('Queue')} ${m.get('Name')}`);
    if (m.event === 'QueueEntry' || (m.event === 'QueueMember' && m.get('InCall') === '1')) busy = true;
  }
  return { params, paused, busy };
}

/** sipp, as a child we can stop by its own pid. */
export function sipp(args: string[]): ChildProcess {
  return spawn('sipp', [...args, '-nostdin'], { stdio: 'ignore' });
}

/** A sipp agent phone; fails when it does not stay up (its port taken by another sipp: calls would ring out). */
export async function phone(args: string[]): Promise<ChildProcess> {
  const child = sipp(args);
  await sleep(500);
  if (child.exitCode !== null)
    throw new Error(`sipp ${args.join(' ')} exited at once (code ${child.exitCode}): is its port taken?`);
  return child;
}

/** The sipp agent phone that puts each call on hold 3 s after answering, for 4 s (uas-hold.xml). */
export const HOLD_PHONE = path.join(import.meta.dirname, 'uas-hold.xml');

async function hasSipp(): Promise<boolean> {
  try {
    await run('sipp', ['-v']);
    return true;
  } catch (err) {
    // sipp -v prints its version and exits non-zero; only a missing binary is a failure.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** The first of `frames` from index `from` whose fields include all of `match`, waited for up to `timeoutMs`. */
export async function waitForFrame(
  frames: AmiMessage[],
  match: Record<string, string>,
  timeoutMs: number,
  from = 0,
): Promise<AmiMessage> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const hit = frames.slice(from).find((m) => Object.entries(match).every(([k, v]) => m.get(k) === v));
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`no AMI frame matching ${JSON.stringify(match)} within ${timeoutMs} ms`);
    await sleep(100);
  }
}
