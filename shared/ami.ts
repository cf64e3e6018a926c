// Options of the Asterisk AMI adapter, a section (`ami`) of the main config file.
import { z } from 'zod';
import { DEFAULT_STREAM } from './stream.ts';

export const amiConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65_535).default(5038),
  user: z.string().min(1).default('wallboard'),
  secret: z.string().default(''),
  /** The Redis stream the mapped events are appended to. */
  stream: z.string().min(1).default(DEFAULT_STREAM),
  /** Member interface (`PJSIP/1001`, `Local/agent1@agents/n`) → agentId; an interface not listed is its own agentId. */
  agents: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Asterisk queue name → queueId; a queue not listed keeps its Asterisk name. */
  queues: z.record(z.string().min(1), z.string().min(1)).default({}),
  /**
   * Asterisk queue → its `wrapuptime` in seconds. AMI does not report it (QueueParams has no such field), so the
   * adapter needs it to time `call.wrapup`; a member's own Wrapuptime takes precedence. Unlisted queues: 0.
   */
  wrapupSec: z.record(z.string().min(1), z.number().nonnegative()).default({}),
  /** How long AMI may be unreachable before a `system.fault` is raised. */
  faultAfterMs: z.number().int().positive().default(10_000),
  /** Interval of the keepalive `Ping`; a Ping unanswered for as long drops the connection. */
  pingMs: z.number().int().positive().default(15_000),
  /** Longest pause between reconnect attempts (the back-off doubles from 500 ms up to this). */
  maxBackoffMs: z.number().int().positive().default(5_000),
});
export type AmiConfig = z.infer<typeof amiConfigSchema>;

/** Parses adapter options; throws an Error naming the offending key. */
export function parseAmiConfig(raw: unknown): AmiConfig {
  const parsed = amiConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    throw new Error(`unknown ami config key: ${issue.keys.map((k) => (where ? `${where}.${k}` : k)).join(', ')}`);
  }
  throw new Error(`ami config ${where || '(root)'}: ${issue.message}`);
}
