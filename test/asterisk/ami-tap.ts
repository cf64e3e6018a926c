// A transparent TCP pipe between an AMI client (the adapter) and Asterisk that records both directions: what the
// adapter sent (`# tx`) and every frame it read, responses included (`# rx`). The driver session (pbx.ts) sees only
// events; replaying supervisor actions needs the responses too (test/unit/ami-actions-replay.test.ts).
import net from 'node:net';
import { AmiParser, type AmiMessage } from '../../server/cti/ami/protocol.ts';

export interface TapFrame {
  dir: 'rx' | 'tx';
  at: Date;
  msg: AmiMessage;
}

export interface AmiTap {
  port: number;
  frames: TapFrame[];
  /** The recorded session in the transcript format of transcript.ts (the Login secret masked). */
  transcript(): string;
  close(): Promise<void>;
}

export async function startAmiTap(target: { host: string; port: number }): Promise<AmiTap> {
  const frames: TapFrame[] = [];
  let banner = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    const fromPbx = new AmiParser();
    const fromClient = new AmiParser();
    upstream.on('data', (chunk: Buffer) => {
      const at = new Date();
      for (const msg of fromPbx.push(chunk)) frames.push({ dir: 'rx', at, msg });
      banner ||= fromPbx.banner ? `Asterisk Call Manager/${fromPbx.banner}` : '';
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      const at = new Date();
      for (const msg of fromClient.push(chunk)) frames.push({ dir: 'tx', at, msg });
      upstream.write(chunk);
    });
    const end = () => (client.destroy(), upstream.destroy(), sockets.delete(client), sockets.delete(upstream));
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const line = ([k, v]: readonly [string, string]) => `${k}: ${k.toLowerCase() === 'secret' ? '***' : v}`;
  return {
    port,
    frames,
    transcript: () =>
      `# banner ${banner}\n\n` +
      frames.map((f) => `# ${f.dir} ${f.at.toISOString()}\n${f.msg.pairs.map(line).join('\n')}\n\n`).join(''),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
