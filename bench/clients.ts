// A child process holding many socket.io clients (as screens on other machines would), so the server's process
// is not also paying for the clients. Each client notes when each update arrived (wall clock, shared with the
// writer on the same machine); the parent asks for the notes with a 'report' message.
import { io, type Socket } from 'socket.io-client';

const [url, token, countArg, sampleArg] = process.argv.slice(2);
const count = Number(countArg);
// Only every n-th client keeps its notes: 2,000 clients × 40,000 entries would not fit in memory.
const sampleEvery = Number(sampleArg ?? 20);
const sockets: Socket[] = [];
const notes: [cursor: string, at: number][][] = [];
let connected = 0;
let updates = 0;

for (let i = 0; i < count; i++) {
  const s = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 500 });
  const mine: [string, number][] | null = i % sampleEvery === 0 ? [] : null;
  if (mine) notes.push(mine);
  s.once('snapshot', () => {
    if (++connected === count) process.send!({ kind: 'ready' });
  });
  s.on('update', (u: { cursor: string }) => {
    updates++;
    mine?.push([u.cursor, Date.now()]);
  });
  sockets.push(s);
  // Connecting all at once is a thundering herd no real floor produces: a few per millisecond.
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
}

process.on('message', (m: { kind: string }) => {
  if (m.kind !== 'report') return;
  process.send!({ kind: 'report', notes, updates, connected }, () => {
    for (const s of sockets) s.close();
    process.exit(0);
  });
});
