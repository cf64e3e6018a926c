// A scripted stand-in for Asterisk's AMI on a loopback port, for the client and adapter tests (not the live test).
import net from 'node:net';
import { type AmiMessage, AmiParser } from '../../server/cti/ami/protocol.ts';

const wire = (frame: Record<string, string>) =>
  `${Object.entries(frame)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

export type Reply = (action: AmiMessage, send: (frame: Record<string, string>) => void) => void;

/** A fake Asterisk: sends the banner, hands every action to `reply`, and records what it received. */
export async function fakeAmi(reply: Reply, listenPort = 0) {
  const actions: AmiMessage[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const parser = new AmiParser();
    const send = (frame: Record<string, string>) => socket.write(wire(frame));
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    socket.on('data', (d) => {
      for (const action of parser.push(d)) {
        actions.push(action);
        reply(action, send);
      }
    });
  });
  await new Promise<void>((r) => server.listen(listenPort, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    actions,
    connections: () => connections,
    dropAll: () => sockets.forEach((s) => s.destroy()),
    /** Sends an event to every connected client, as Asterisk does with live events. */
    broadcast: (frame: Record<string, string>) => sockets.forEach((s) => s.write(wire(frame))),
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}
