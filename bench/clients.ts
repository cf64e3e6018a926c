// A child process holding many socket.io clients (as screens on other machines would), so the server's process
// is not also paying for the clients. Each client notes when each update arrived (wall clock, shared with the
// writer on the same machine); the parent asks for the notes, and for this process's CPU time since every client
// had its snapshot, with a 'report' message.
//
// With `skim`, only the timed clients parse updates as a screen does. The others take each update off the socket
// whole but read just its cursor: the server's work and the bytes on the wire are the same, while this process no
// longer needs a core per few hundred clients for JSON.parse (on a 2-core machine it would otherwise be measuring
// itself, not the server).
import { readFileSync } from 'node:fs';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { io, type Socket } from 'socket.io-client';
import { LANES_PROTOCOL } from '../shared/patch.ts';
import type { Screen } from './latency.ts';

const [url, screensFile, mode, protocol, sampleArg] = process.argv.slice(2);
/** `lanes`: the clients ask for the two lanes (shared/patch.ts) and time `patch`es; else today's `update`s. */
const lanes = protocol === 'lanes';
const EVENT = lanes ? 'patch' : 'update';
const screens = JSON.parse(readFileSync(screensFile!, 'utf8')) as Screen[];
const count = screens.length;
const skim = mode === 'skim';
// Only every n-th client keeps its notes: 2,000 clients × 40,000 entries would not fit in memory.
const sampleEvery = Number(sampleArg ?? 20);
const sockets: Socket[] = [];
const notes: { kind: Screen['kind']; notes: [cursor: string, at: number][] }[] = [];
let connected = 0;
let updates = 0;
let readyCpu = process.cpuUsage();
let readyAt = performance.now();

const UPDATE_PREFIX = `${PacketType.EVENT}["${EVENT}",`;
// The server writes asOf and cursor first (a patch: after its lane and seq); a packet where they are not is parsed
// in full.
const CURSOR = lanes ? /^\{"lane":"\w+","seq":\d+,"asOf":\d+,"cursor":"([^"]+)"/ : /^\{"asOf":\d+,"cursor":"([^"]+)"/;

/** socket.io's decoder, except that an update comes out as `{ cursor }` without parsing the rest. */
class UpdateSkimmer extends Decoder {
  override add(packet: unknown): void {
    const cursor =
      typeof packet === 'string' && packet.startsWith(UPDATE_PREFIX)
        ? CURSOR.exec(packet.slice(UPDATE_PREFIX.length, UPDATE_PREFIX.length + 100))?.[1]
        : undefined;
    if (cursor === undefined) return super.add(packet);
    this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/', data: [EVENT, { cursor }] });
  }
}
const skimmingParser = { Encoder, Decoder: UpdateSkimmer };

for (const [i, screen] of screens.entries()) {
  const timed = i % sampleEvery === 0;
  const s = io(url, {
    auth: { token: screen.token, ...(lanes ? { lanes: LANES_PROTOCOL } : {}) },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 500,
    ...(skim && !timed ? { parser: skimmingParser } : {}),
  });
  const mine: [string, number][] | null = timed ? [] : null;
  if (mine) notes.push({ kind: screen.kind, notes: mine });
  s.once('snapshot', () => {
    if (++connected < count) return;
    readyCpu = process.cpuUsage();
    readyAt = performance.now();
    process.send!({ kind: 'ready' });
  });
  s.on(EVENT, (u: { cursor: string }) => {
    updates++;
    mine?.push([u.cursor, Date.now()]);
  });
  sockets.push(s);
  // Connecting all at once is a thundering herd no real floor produces: a few per millisecond.
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
}

process.on('message', (m: { kind: string }) => {
  if (m.kind !== 'report') return;
  const cpu = process.cpuUsage(readyCpu);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const wallMs = performance.now() - readyAt;
  process.send!({ kind: 'report', notes, updates, connected, cpuMs, wallMs }, () => {
    for (const s of sockets) s.close();
    process.exit(0);
  });
});
