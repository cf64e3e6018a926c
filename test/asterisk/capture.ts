// Records an AMI transcript like /work/shared/asterisk/ami-capture.mjs, with scripts that can react to events.
// usage: npx tsx test/asterisk/capture.ts <out.txt> <script.json> [host] [port]
//
// A script is either a list of steps (ami-capture's format) or { "before": [steps], "steps": [steps] }, where
// `before` runs first on a connection of its own, recorded to <out>.before.txt and kept open: the main one then
// logs in mid-call, as a restarted adapter would. Steps:
//   { "wait": ms }
//   { "action": { "Action": "…", … } }          values may use ${name.Field} from an earlier waitFor
//   { "waitFor": { "Event": "AgentConnect", "MemberName": "Alice" }, "as": "name", "timeoutMs": 30000 }
//   { "sipp": ["127.0.0.1:5060", "-sn", "uac", …] }  starts sipp (SIP callers) and goes on; stopped at the end
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import { type AmiMessage, formatAction, parseFrame } from '../../server/cti/ami/protocol.ts';
import { formatTranscriptFrame } from './transcript.ts';

type Step =
  | { wait: number }
  | { action: Record<string, string> }
  | { waitFor: Record<string, string>; as?: string; timeoutMs?: number }
  | { sipp: string[] };
type Script = Step[] | { before?: Step[]; steps: Step[] };

interface Session {
  send(fields: Record<string, string>): void;
  next(match: Record<string, string>, timeoutMs: number): Promise<AmiMessage>;
  close(): Promise<void>;
}

function open(host: string, port: number, record: fs.WriteStream | undefined): Promise<Session> {
  const sock = net.connect(port, host);
  let buf = '';
  let id = 0;
  const seen: AmiMessage[] = [];
  const waiters: Array<() => void> = [];
  sock.setEncoding('utf8');
  sock.on('data', (d: string) => {
    buf += d;
    const banner = /^Asterisk Call Manager\/[^\r\n]*\r\n/.exec(buf);
    if (banner) {
      record?.write(`# banner ${banner[0].trim()}\n\n`);
      buf = buf.slice(banner[0].length);
    }
    let i: number;
    while ((i = buf.indexOf('\r\n\r\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 4);
      record?.write(formatTranscriptFrame(new Date(), frame));
      seen.push(parseFrame(frame));
      for (const w of waiters.splice(0)) w();
    }
  });
  const send = (fields: Record<string, string>) => sock.write(formatAction({ ActionID: `wb-${++id}`, ...fields }));
  // Matches are searched from the first unconsumed frame, so a waitFor never misses an event that came early.
  let cursor = 0;
  const next = (match: Record<string, string>, timeoutMs: number) =>
    new Promise<AmiMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame matching ${JSON.stringify(match)}`)), timeoutMs);
      const look = () => {
        for (; cursor < seen.length; cursor++) {
          const m = seen[cursor]!;
          if (Object.entries(match).every(([k, v]) => m.get(k) === v)) {
            cursor++;
            clearTimeout(timer);
            resolve(m);
            return;
          }
        }
        waiters.push(look);
      };
      look();
    });
  const close = async () => {
    send({ Action: 'Logoff' });
    await new Promise((r) => setTimeout(r, 500));
    sock.end();
  };
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.once('connect', () => {
      send({ Action: 'Login', Username: 'wallboard', Secret: 'wbsecret', Events: 'on' });
      resolve({ send, next, close });
    });
  });
}

const children: ChildProcess[] = [];

async function run(session: Session, steps: Step[], vars: Map<string, AmiMessage>): Promise<void> {
  const expand = (v: string) =>
    v.replace(/\$\{(\w+)\.(\w+)\}/g, (_, name: string, field: string) => {
      const value = vars.get(name)?.get(field);
      if (value === undefined) throw new Error(`\${${name}.${field}} is not known yet`);
      return value;
    });
  for (const step of steps) {
    if ('wait' in step) await new Promise((r) => setTimeout(r, step.wait));
    else if ('action' in step) {
      session.send(Object.fromEntries(Object.entries(step.action).map(([k, v]) => [k, expand(v)])));
    } else if ('sipp' in step) {
      children.push(spawn('sipp', [...step.sipp, '-nostdin'], { stdio: 'ignore' }));
    } else {
      const msg = await session.next(step.waitFor, step.timeoutMs ?? 30_000);
      if (step.as) vars.set(step.as, msg);
    }
  }
}

const [out, scriptFile, host = '127.0.0.1', port = '5038'] = process.argv.slice(2);
if (!out || !scriptFile) {
  console.error('usage: capture.ts <out.txt> <script.json> [host] [port]');
  process.exit(2);
}
const script = JSON.parse(fs.readFileSync(scriptFile, 'utf8')) as Script;
const { before = [], steps } = Array.isArray(script) ? { steps: script } : script;
const vars = new Map<string, AmiMessage>();
let driver: Session | undefined;
const beforeLog = before.length > 0 ? fs.createWriteStream(`${out.replace(/\.txt$/, '')}.before.txt`) : undefined;
if (beforeLog) {
  driver = await open(host, Number(port), beforeLog);
  await run(driver, before, vars);
}
const log = fs.createWriteStream(out);
const recorded = await open(host, Number(port), log);
await run(recorded, steps, vars);
await recorded.close();
await driver?.close();
for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
log.end();
beforeLog?.end();
