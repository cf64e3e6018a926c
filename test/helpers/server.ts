// Starts a server node in-process on a free port against a given Redis, with a quiet logger.
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { parseConfig } from '../../shared/config.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import { startNode, type RunningNode } from '../../server/node.ts';
import { createDatabase } from './postgres.ts';
import { applyUpdate } from '../../wallboard/src/lib/merge.ts';
import { applyPatch, LANES_PROTOCOL, type Patch } from '../../shared/patch.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const DISPLAY_TOKEN = 'test-display-token-0123456789';
export const FEED_TOKEN = 'test-feed-token-0123456789';
export const agentToken = (agentId: string) => `test-agent-token-${agentId}-0123456789`;

export interface TestNodeOptions {
  redisUrl: string;
  /** Default: a fresh database of the test run's PostgreSQL. */
  databaseUrl?: string;
  stream?: string;
  nodeId?: string;
  config?: Record<string, unknown>;
  agentTokens?: string[];
  checkpointEveryMs?: number;
}

export function testConfig(o: TestNodeOptions) {
  return parseConfig({
    timezone: 'Asia/Shanghai',
    ...o.config,
    tokens: [
      { token: DISPLAY_TOKEN, role: 'display' },
      { token: FEED_TOKEN, role: 'feed' },
      ...(o.agentTokens ?? []).map((agentId) => ({ token: agentToken(agentId), role: 'agent', agentId })),
    ],
  });
}

export async function startTestNode(o: TestNodeOptions): Promise<RunningNode> {
  return startNode({
    settings: {
      redisUrl: o.redisUrl,
      databaseUrl: o.databaseUrl ?? (await createDatabase()).url,
      port: 0,
      host: '127.0.0.1',
      stream: o.stream ?? DEFAULT_STREAM,
      configPath: undefined,
      adminToken: ADMIN_TOKEN,
      nodeId: o.nodeId ?? 'test-node',
    },
    config: testConfig(o),
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...(o.checkpointEveryMs ? { checkpointEveryMs: o.checkpointEveryMs } : {}),
  });
}

/**
 * A node for the whole file, on port 0, started in beforeAll and closed in afterAll (registered here, so no file
 * forgets its teardown). Options are a function because the Redis of useRedis() exists only once hooks run.
 */
export function useTestNode(options: () => TestNodeOptions): () => RunningNode {
  let node: RunningNode | undefined;
  beforeAll(async () => {
    node = await startTestNode(options());
  });
  afterAll(async () => {
    await node?.close();
  });
  return () => {
    if (!node) throw new Error('useTestNode(): the node is only available inside tests and hooks');
    return node;
  };
}

/** A socket.io client that keeps the merged picture the way a screen does: of today's protocol, or with
 *  `lanes` of the two lanes' (shared/patch.ts), as the wallboard's LiveConnection asks. */
export class LiveClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  snapshot: Snapshot | null = null;
  updates: Update[] = [];
  patches: Patch[] = [];
  connectError: Error | null = null;

  /** `board`: the wall of that board (its room: board definitions, and a console's replay for its walls); `lanes`:
   *  the two-lane protocol instead of today's updates. */
  constructor(url: string, token: string, o: { board?: string; lanes?: boolean } = {}) {
    const auth = {
      token,
      ...(o.board === undefined ? {} : { board: o.board }),
      ...(o.lanes ? { lanes: LANES_PROTOCOL } : {}),
    };
    this.socket = io(url, { auth, transports: ['websocket'], reconnection: false });
    this.socket.on('snapshot', (s) => (this.snapshot = s));
    this.socket.on('patch', (p) => {
      this.patches.push(p);
      if (this.snapshot) this.snapshot = applyPatch(this.snapshot, p);
    });
    // The screens' own merge, so these tests see what a wallboard would hold.
    this.socket.on('update', (u) => {
      this.updates.push(u);
      if (this.snapshot) this.snapshot = applyUpdate(this.snapshot, u);
    });
    this.socket.on('connect_error', (err) => (this.connectError = err));
  }

  close(): void {
    this.socket.close();
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
