// Boards as data (CONTRACT §10) on a real redis-server and two real server nodes sharing it: who may read and
// write, the schema's 400 naming the field, reset to the config file's board, the audit trail, and a change made
// through node A reaching a wall's socket on node B within a second.
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardEntry } from '../../shared/board-edit.ts';
import { boardSchema, type Board } from '../../shared/boards.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import type { AuditRecord } from '../../shared/audit.ts';
import { UserStore } from '../../server/auth/users.ts';
import type { RunningNode } from '../../server/node.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, agentToken, startTestNode, waitFor } from '../helpers/server.ts';

const LOBBY = { id: 'lobby', name: 'Lobby', pages: [{ kind: 'queues', queues: ['sales'] }], ticker: ['Welcome'] };
const CONFIG = { boards: [LOBBY] };

let redis: RedisProcess;
let client: Redis;
let a: RunningNode;
let b: RunningNode;
let supCookie = '';
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  await new UserStore(client).add({ username: 'sam', name: 'Sam', role: 'supervisor' }, 'supervisor-pass');
  a = await startTestNode({ redisUrl: redis.url, nodeId: 'node-a', config: CONFIG, agentTokens: ['a1'] });
  b = await startTestNode({ redisUrl: redis.url, nodeId: 'node-b', config: CONFIG, agentTokens: ['a1'] });
  const r = await fetch(`${a.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'sam', password: 'supervisor-pass' }),
  });
  supCookie = r.headers.getSetCookie()[0]!.split(';')[0]!;
}, 30_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await a?.close();
  await b?.close();
  client?.disconnect();
  await redis?.stop();
});

type Caller = 'none' | 'admin' | 'sup' | 'display' | 'agent';
function auth(caller: Caller): Record<string, string> {
  if (caller === 'admin') return { Authorization: `Bearer ${ADMIN_TOKEN}` };
  if (caller === 'display') return { Authorization: `Bearer ${DISPLAY_TOKEN}` };
  if (caller === 'agent') return { Authorization: `Bearer ${agentToken('a1')}` };
  if (caller === 'sup') return { cookie: supCookie };
  return {};
}

async function call(
  node: RunningNode,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
) {
  const headers: Record<string, string> = { ...auth(caller) };
  if (body !== undefined) headers['Content-Type'] = contentType;
  const res = await fetch(`${node.url}/api/v1${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

function wallSocket(
  node: RunningNode,
  board: string,
): { socket: Socket<ServerToClientEvents, ClientToServerEvents>; boards: { at: number; board: Board | null }[] } {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(node.url, {
    auth: { token: DISPLAY_TOKEN, board },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  const boards: { at: number; board: Board | null }[] = [];
  socket.on('board', (x) => boards.push({ at: Date.now(), board: x }));
  return { socket, boards };
}

describe('access', () => {
  // Columns:                          none  admin sup  display agent
  const MATRIX: [string, string, number[]][] = [
    ['GET', '/boards', [401, 200, 200, 403, 403]],
    ['GET', '/boards/lobby', [401, 200, 200, 200, 403]],
    ['GET', '/boards/lobby/history', [401, 200, 403, 403, 403]],
    ['PUT', '/boards/matrix', [401, 201, 403, 403, 403]],
    ['DELETE', '/boards/matrix', [401, 200, 403, 403, 403]],
  ];
  const callers: Caller[] = ['none', 'admin', 'sup', 'display', 'agent'];
  for (const [method, path, expected] of MATRIX) {
    it(`${method} ${path}`, async () => {
      const got = [];
      for (const caller of callers) {
        // Each write that goes through must find the board in the state the row expects.
        if (method === 'DELETE' && caller === 'admin')
          await call(a, 'admin', 'PUT', '/boards/matrix', { pages: [{ kind: 'agents' }] });
        const body = method === 'PUT' ? { pages: [{ kind: 'agents' }] } : undefined;
        got.push((await call(a, caller, method, path, body)).status);
        if (method === 'PUT' && caller === 'admin') await call(a, 'admin', 'DELETE', '/boards/matrix');
      }
      expect(got).toEqual(expected);
    });
  }
});

describe('validation: the config file schema, 400 naming the field', () => {
  const cases: [string, unknown, string][] = [
    ['a page kind that does not exist', { pages: [{ kind: 'weather' }] }, 'pages.0.kind'],
    ['an unknown key', { pages: [{ kind: 'queues' }], colour: 'red' }, 'colour'],
    ['an unknown page key', { pages: [{ kind: 'queues', colums: 3 }] }, 'pages.0.colums'],
    ['rotation faster than 3 s', { pages: [{ kind: 'queues' }], rotateSec: 1 }, 'rotateSec'],
    ['no pages', { pages: [] }, 'pages'],
    [
      'red on the better side of amber',
      { pages: [{ kind: 'queues' }], thresholds: { queues: { sales: { asaSec: { amber: 30, red: 10 } } } } },
      'thresholds.queues.sales.asaSec',
    ],
    ['a body id other than the address', { id: 'other', pages: [{ kind: 'queues' }] }, 'id'],
    ['a language the wall does not speak', { pages: [{ kind: 'queues' }], language: 'fr' }, 'language'],
  ];
  for (const [what, body, field] of cases) {
    it(what, async () => {
      const r = await call(a, 'admin', 'PUT', '/boards/lobby', body);
      expect(r.status).toBe(400);
      const json = r.json as { error: string; field: string };
      expect(json.field).toBe(field);
      expect(json.error.startsWith(`${field}: `)).toBe(true);
    });
  }

  it('an id that cannot be in a URL names the id', async () => {
    const r = await call(a, 'admin', 'PUT', '/boards/has%20space', { pages: [{ kind: 'queues' }] });
    expect(r.status).toBe(400);
    expect((r.json as { field: string }).field).toBe('id');
  });

  it('a body that is not JSON is refused without being read', async () => {
    const r = await call(a, 'admin', 'PUT', '/boards/lobby', 'pages=1', 'application/x-www-form-urlencoded');
    expect(r.status).toBe(415);
    expect((await call(a, 'admin', 'PUT', '/boards/lobby', '{"pages": [', 'application/json')).status).toBe(400);
  });

  it('nothing refused was saved', async () => {
    expect((await call(a, 'admin', 'GET', '/boards/lobby')).json).toEqual(boardSchema.parse(LOBBY));
    expect(await client.hlen('floorboard:boards')).toBe(0);
  });
});

describe('edit, reset to the file, delete, audit', () => {
  it('an edited file board wins until it is reset to the file’s', async () => {
    const edited = { ...LOBBY, name: 'Lobby (edited)', rotateSec: 7, theme: 'light', language: 'zh-CN' };
    const put = await call(a, 'admin', 'PUT', '/boards/lobby', edited);
    expect(put.status).toBe(200);
    expect((put.json as BoardEntry).board).toEqual(boardSchema.parse(edited));
    // Node B serves it too, once it has polled the version.
    await waitFor(
      'node B to serve the edit',
      async () => ((await call(b, 'display', 'GET', '/boards/lobby')).json as Board).name === 'Lobby (edited)',
      3_000,
    );
    const listed = ((await call(b, 'sup', 'GET', '/boards')).json as BoardEntry[]).find((e) => e.board.id === 'lobby')!;
    expect(listed).toMatchObject({ origin: 'file', edited: true, updatedBy: 'admin' });

    const reset = await call(a, 'admin', 'DELETE', '/boards/lobby');
    expect(reset.status).toBe(200);
    expect(reset.json).toMatchObject({
      result: 'reset',
      entry: { origin: 'file', edited: false, updatedBy: null, board: boardSchema.parse(LOBBY) },
    });
    expect((await call(a, 'display', 'GET', '/boards/lobby')).json).toEqual(boardSchema.parse(LOBBY));
    // Nothing left to reset.
    expect((await call(a, 'admin', 'DELETE', '/boards/lobby')).status).toBe(409);
  });

  it('a board made in the console is created, listed, then deleted for good', async () => {
    const made = await call(a, 'admin', 'PUT', '/boards/ops', {
      name: 'Ops',
      pages: [{ kind: 'agents', teams: ['t1'] }],
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ origin: 'console', edited: false, updatedBy: 'admin' });
    expect(((await call(a, 'admin', 'GET', '/boards')).json as BoardEntry[]).map((e) => e.board.id)).toEqual([
      'default',
      'lobby',
      'ops',
    ]);
    expect(await call(a, 'admin', 'DELETE', '/boards/ops')).toEqual({ status: 200, json: { result: 'deleted' } });
    expect((await call(a, 'display', 'GET', '/boards/ops')).status).toBe(404);
    expect((await call(a, 'admin', 'DELETE', '/boards/ops')).status).toBe(404);
  });

  it('the built-in default board can be edited and reset too', async () => {
    expect((await call(a, 'admin', 'PUT', '/boards/default', { pages: [{ kind: 'leaders' }] })).status).toBe(200);
    expect(((await call(a, 'display', 'GET', '/boards/default')).json as Board).pages.map((p) => p.kind)).toEqual([
      'leaders',
    ]);
    expect((await call(a, 'admin', 'DELETE', '/boards/default')).json).toMatchObject({
      result: 'reset',
      entry: { origin: 'built-in' },
    });
    expect(((await call(a, 'display', 'GET', '/boards/default')).json as Board).pages.map((p) => p.kind)).toEqual([
      'queues',
      'agents',
      'trends',
      'leaders',
    ]);
  });

  it('every change is in the audit stream with who, which board, before and after', async () => {
    const audit = (await call(a, 'admin', 'GET', '/audit?limit=1000')).json as AuditRecord[];
    const lobby = audit.filter((e) => e.what.startsWith('board.') && e.detail.board === 'lobby').reverse();
    expect(lobby.map((e) => [e.who, e.what])).toEqual([
      ['admin', 'board.edit'],
      ['admin', 'board.reset'],
    ]);
    expect(lobby[0]!.detail.before).toEqual(boardSchema.parse(LOBBY));
    expect((lobby[0]!.detail.after as Board).name).toBe('Lobby (edited)');
    expect((lobby[1]!.detail.before as Board).name).toBe('Lobby (edited)');
    expect(lobby[1]!.detail.after).toEqual(boardSchema.parse(LOBBY));
    const ops = audit
      .filter((e) => e.detail.board === 'ops')
      .reverse()
      .map((e) => e.what);
    expect(ops).toEqual(['board.create', 'board.delete']);
    // Refused writes changed nothing and are not board changes.
    expect(
      audit
        .filter((e) => e.what.startsWith('board.') && e.detail.board === 'matrix')
        .map((e) => e.what)
        .sort(),
    ).toEqual(['board.create', 'board.create', 'board.delete', 'board.delete']);
    const history = (await call(a, 'admin', 'GET', '/boards/lobby/history')).json as AuditRecord[];
    expect(history.map((e) => e.what)).toEqual(['board.reset', 'board.edit']);
  });
});

describe('screens', () => {
  it('a change made through node A reaches a wall on node B within a second; other boards’ walls hear nothing', async () => {
    // Node B has caught up with the reset above (it polls every 250 ms).
    await waitFor(
      'node B to serve the file’s lobby',
      async () => ((await call(b, 'display', 'GET', '/boards/lobby')).json as Board).name === 'Lobby',
      3_000,
    );
    const lobbyWall = wallSocket(b, 'lobby');
    const otherWall = wallSocket(b, 'default');
    await waitFor(
      'both walls to get their board on connect',
      () => lobbyWall.boards.length === 1 && otherWall.boards.length === 1,
    );
    expect(lobbyWall.boards[0]!.board).toEqual(boardSchema.parse(LOBBY));

    const sentAt = Date.now();
    expect((await call(a, 'admin', 'PUT', '/boards/lobby', { ...LOBBY, ticker: ['Pushed'] })).status).toBe(200);
    const got = await waitFor(
      'the lobby wall on node B to get the new board',
      () => lobbyWall.boards.find((x) => x.board?.ticker[0] === 'Pushed'),
      5_000,
    );
    // Node B polls the version every 250 ms: the push is due well within the second the contract allows.
    expect(got.at - sentAt).toBeLessThan(1_000);

    expect((await call(a, 'admin', 'DELETE', '/boards/lobby')).status).toBe(200);
    await waitFor('the reset to reach the wall', () => lobbyWall.boards.at(-1)!.board?.ticker[0] === 'Welcome', 5_000);
    expect(otherWall.boards).toHaveLength(1);
  });

  it('a wall of a deleted board is told it is gone', async () => {
    expect((await call(a, 'admin', 'PUT', '/boards/temp', { pages: [{ kind: 'trends' }] })).status).toBe(201);
    const wall = wallSocket(b, 'temp');
    // On connect, or as soon as node B learns of the board if the wall came first.
    await waitFor('the board', () => wall.boards.at(-1)?.board?.id === 'temp', 5_000);
    const seen = wall.boards.length;
    expect((await call(a, 'admin', 'DELETE', '/boards/temp')).status).toBe(200);
    await waitFor(
      'null for the deleted board',
      () => wall.boards.length === seen + 1 && wall.boards[seen]!.board === null,
      5_000,
    );
  });

  it('an agent’s socket naming a board is not sent boards', async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(b.url, {
      auth: { token: agentToken('a1'), board: 'lobby' },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    let boards = 0;
    socket.on('board', () => boards++);
    await waitFor('the agent snapshot', () => new Promise<boolean>((ok) => socket.once('snapshot', () => ok(true))));
    expect(
      (await call(a, 'admin', 'PUT', '/boards/lobby', { ...LOBBY, ticker: ['Agents do not see this'] })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 700));
    expect(boards).toBe(0);
  });
});
