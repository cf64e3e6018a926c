// The environment settings of CONTRACT §1, validated once at start.
import os from 'node:os';
import { z } from 'zod';
import { DEFAULT_STREAM } from '../shared/stream.ts';

const schema = z.object({
  REDIS_URL: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  FLOORBOARD_STREAM: z.string().min(1).default(DEFAULT_STREAM),
  FLOORBOARD_CONFIG: z.string().min(1).optional(),
  FLOORBOARD_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  FLOORBOARD_NODE_ID: z.string().min(1).optional(),
});

export interface Settings {
  redisUrl: string | undefined;
  /** PostgreSQL for history and reports; unset: a private PostgreSQL child. */
  databaseUrl?: string | undefined;
  port: number;
  host: string;
  stream: string;
  configPath: string | undefined;
  adminToken: string | undefined;
  nodeId: string;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // An empty variable means unset, as in most shells' `VAR= command`.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  const s = parsed.data;
  return {
    redisUrl: s.REDIS_URL,
    databaseUrl: s.DATABASE_URL,
    port: s.PORT,
    host: s.HOST,
    stream: s.FLOORBOARD_STREAM,
    configPath: s.FLOORBOARD_CONFIG,
    adminToken: s.FLOORBOARD_ADMIN_TOKEN,
    nodeId: s.FLOORBOARD_NODE_ID ?? `${os.hostname()}-${s.PORT}`,
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
