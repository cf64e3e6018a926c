// The config file's schema (CONTRACT §1). Unknown keys are rejected with their name.
import { z } from 'zod';
import { rulesSchema } from './alerts.ts';
import { actionsConfigSchema } from './actions.ts';
import { amiConfigSchema } from './ami.ts';
import { boardsSchema } from './boards.ts';
import { schedulesConfigSchema } from './schedules.ts';

const SL_FORMULAS = ['answered+abandoned', 'answered', 'offered', 'positive', 'ignoreEarlyAbandons'] as const;
export type SlFormula = (typeof SL_FORMULAS)[number];

export const ROLES = ['admin', 'supervisor', 'display', 'agent', 'feed'] as const;
export type Role = (typeof ROLES)[number];

const zoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone' },
);

const queueConfigSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  slThresholdSec: z.number().positive().default(20),
  slTarget: z.number().gt(0).max(1).default(0.8),
  shortAbandonSec: z.number().nonnegative().default(5),
  serviceLevelFormula: z.enum(SL_FORMULAS).default('answered+abandoned'),
  /** AHT assumed for staffing until the queue has handled a call in the last 60 minutes. */
  defaultAhtSec: z.number().positive().default(180),
  /** The now-cast's warning: a call waiting more than T − warnSec (and at most T) is about to breach. Default
   *  min(10, T/2), so a short T still leaves calls below the warning. */
  warnSec: z.number().positive().optional(),
});
export type QueueConfig = z.infer<typeof queueConfigSchema>;

/** The queue's now-cast warning in seconds (config `warnSec`, default min(10, T/2)), never more than T. */
export function warnSecOf(q: QueueConfig): number {
  return Math.min(q.warnSec ?? Math.min(10, q.slThresholdSec / 2), q.slThresholdSec);
}

/** Queues shown and totalled together (a board page's filter, the console's chips): "Billing and Support". */
const queueGroupSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  queues: z.array(z.string().min(1)).min(1),
});
export type QueueGroupConfig = z.infer<typeof queueGroupSchema>;

const teamConfigSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
});

const tokenConfigSchema = z
  .strictObject({
    token: z.string().min(16, 'tokens must be at least 16 characters'),
    role: z.enum(ROLES),
    name: z.string().optional(),
    /** Required for role agent: the one agent this token may see. */
    agentId: z.string().min(1).optional(),
  })
  .refine((t) => t.role !== 'agent' || t.agentId, { message: 'an agent token needs agentId', path: ['agentId'] });

/** An origin as browsers send it in `Origin`: scheme, host and port, nothing else. */
const originSchema = z.string().refine(
  (o) => {
    try {
      return new URL(o).origin === o;
    } catch {
      return false;
    }
  },
  { message: 'not an origin (scheme://host[:port], no path or trailing slash)' },
);

/** One CSP source expression ('self', 'none', https://player.example.com, https:): no spaces, quotes balanced. */
const cspSourceSchema = z
  .string()
  .regex(/^('[a-z-]+'|[a-z][a-z0-9+.-]*:(\/\/[^\s;,']+)?|[^\s;,':]+(:\d+)?)$/i, 'not a CSP source expression');

const httpConfigSchema = z
  .strictObject({
    /**
     * Which proxies' X-Forwarded-For / -Proto to believe (express's `trust proxy`): false (default: none), a hop
     * count, or addresses/subnets/`loopback`. The login limit counts by the client address this yields.
     */
    trustProxy: z
      .union([z.literal(false), z.number().int().positive(), z.string().min(1), z.array(z.string().min(1)).min(1)], {
        error:
          'false, a hop count, or the proxies to believe (loopback, addresses, subnets); not true, which would believe anyone',
      })
      .default(false),
    /** Origins besides the server's own (its Host header) whose pages may make cookie-authenticated writes. */
    allowedOrigins: z.array(originSchema).default([]),
    /** CSP frame-ancestors: who may frame the pages (signage players that frame a wall). */
    frameAncestors: z.array(cspSourceSchema).min(1).default(["'self'"]),
  })
  .default({ trustProxy: false, allowedOrigins: [], frameAncestors: ["'self'"] });
export type HttpConfig = z.infer<typeof httpConfigSchema>;

const configSchema = z
  .strictObject({
    timezone: zoneSchema.default(Intl.DateTimeFormat().resolvedOptions().timeZone),
    queues: z.array(queueConfigSchema).default([]),
    teams: z.array(teamConfigSchema).default([]),
    /** Queue groups; the engine totals each (distinct agents, summed counts, ratios of summed parts). */
    queueGroups: z
      .array(queueGroupSchema)
      .refine((gs) => new Set(gs.map((g) => g.id)).size === gs.length, { message: 'group ids must be unique' })
      .default([]),
    tokens: z.array(tokenConfigSchema).default([]),
    /** How the server faces browsers and proxies (docs/security.md). */
    http: httpConfigSchema,
    alerts: z
      .strictObject({
        /** Omitted: the built-in rules; [] turns alerting off. */
        rules: rulesSchema.optional(),
        /** Slack/Teams-compatible incoming webhook that receives every alert change. */
        webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
      })
      .default({}),
    /** Big-screen boards (shared/boards.ts); /wall/default works without any. */
    boards: boardsSchema.default([]),
    /** How long the event stream and its dead letters keep entries; at least 25 h so "today" can always be refolded. */
    retention: z
      .strictObject({
        streamHours: z.number().min(25, 'must be at least 25 (a whole local day must stay in the stream)').default(48),
      })
      .default({ streamHours: 48 }),
    /** How the stream consumer judges entries before folding them (docs/contract.md, *Ingest limits*). */
    ingest: z
      .strictObject({
        /** An event stamped more than this far ahead of its arrival is not folded ("ts out of range"). */
        maxFutureSkewSec: z.number().int().nonnegative().default(300),
        /** Entries larger than this are dead-lettered unparsed, and posted events refused (at most 1 MiB). */
        maxEntryBytes: z
          .number()
          .int()
          .min(1024)
          .max(1024 * 1024)
          .default(65_536),
        /** Health and screens report "ingest stalled" once the cursor has not moved for this long while newer entries wait. */
        stallAfterSec: z.number().positive().default(15),
      })
      .default({ maxFutureSkewSec: 300, maxEntryBytes: 65_536, stallAfterSec: 15 }),
    /** History and reports (CONTRACT §6) and the event archive (§9): interval rows, call records and archived days older than this are deleted daily. */
    history: z.strictObject({ retentionDays: z.number().int().min(1).default(400) }).default({ retentionDays: 400 }),
    /** Seeks into the event archive (CONTRACT §9), which run in each node's seek thread (docs/performance.md "Replay"). */
    replay: z
      .strictObject({
        /** A seek or replay step not answered in this long ends the seek thread: answered with an error (503), the next request starts a new thread. */
        seekTimeoutSec: z.number().positive().default(60),
        /** Memory for the checkpoints the thread read lately, uncompressed (≈ 19 MB each for 1,000 agents at 4 h); 0 keeps none. */
        checkpointCacheMb: z.number().nonnegative().default(256),
      })
      .prefault({}),
    /** The centre's size and cost, for seat utilization and cost per call (docs/contract.md §6); unset: those are null. */
    center: z
      .strictObject({
        seats: z.number().int().positive().optional(),
        costPerAgentHour: z.number().nonnegative().optional(),
      })
      .default({}),
    /** Settings of the Asterisk AMI adapter (`npm run adapter:ami -- --config <this file>`). */
    ami: amiConfigSchema.optional(),
    /** Real-time adherence to the imported schedules (shared/schedules.ts): the grace and the states each activity accepts. */
    schedules: schedulesConfigSchema,
    /** Supervisor actions through the PBX (shared/actions.ts): the pause reasons offered. */
    actions: actionsConfigSchema.prefault({}),
  })
  .superRefine((c, ctx) => {
    // A board page filtered to a queue group names one of the file's groups (a typo would show an empty page).
    const groups = new Set(c.queueGroups.map((g) => g.id));
    c.boards.forEach((b, i) =>
      b.pages.forEach((page, j) => {
        if (page.group !== undefined && !groups.has(page.group))
          ctx.addIssue({
            code: 'custom',
            path: ['boards', i, 'pages', j, 'group'],
            message: `no queue group "${page.group}" in queueGroups`,
          });
      }),
    );
  });
export type Config = z.infer<typeof configSchema>;

/** Parses a config object; throws an Error whose message names the offending key. */
export function parseConfig(raw: unknown): Config {
  const parsed = configSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (where ? `${where}.${k}` : k)).join(', ');
    throw new Error(`unknown config key: ${keys}`);
  }
  throw new Error(`config ${where || '(root)'}: ${issue.message}`);
}

/** The settings a queue gets when it is first seen in the stream without being configured. */
export function defaultQueueConfig(id: string): QueueConfig {
  return queueConfigSchema.parse({ id });
}
