// The telephony events Floorboard reads (CONTRACT §2), as zod schemas with inferred types.
import { z } from 'zod';

const id = z.string().min(1).max(200);
/**
 * The latest instant an event may carry: the end of year 9999. Far beyond any real event, but well inside what
 * Date and Intl accept (±8.64e15 ms), so local-day arithmetic on an accepted ts never throws mid-fold.
 */
export const MAX_EVENT_TS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** The reason for an event whose ts is a number outside what the node can trust (schema or fold context). */
export const TS_OUT_OF_RANGE = 'ts out of range';
const instant = z.number().int().nonnegative().max(MAX_EVENT_TS);
const base = { id, ts: instant };

const eventSchemas = {
  'agent.login': z.object({
    ...base,
    type: z.literal('agent.login'),
    agentId: id,
    name: z.string().max(200).optional(),
    teamId: id.optional(),
    queues: z.array(id).max(200).optional(),
    state: z.enum(['available', 'aux']).optional(),
    reason: z.string().max(100).optional(),
  }),
  'agent.logout': z.object({ ...base, type: z.literal('agent.logout'), agentId: id }),
  'agent.state': z.object({
    ...base,
    type: z.literal('agent.state'),
    agentId: id,
    state: z.enum(['available', 'aux']),
    reason: z.string().max(100).optional(),
  }),
  /** Extension: the agent was offered (rung for) a call and did not answer within `ringMs`. */
  'agent.missed': z.object({
    ...base,
    type: z.literal('agent.missed'),
    agentId: id,
    callId: id,
    queueId: id.optional(),
    ringMs: z.number().int().nonnegative(),
  }),
  'call.offered': z.object({
    ...base,
    type: z.literal('call.offered'),
    callId: id,
    queueId: id,
    direction: z.literal('inbound').optional(),
    callerId: z.string().max(100).optional(),
  }),
  'call.dialed': z.object({
    ...base,
    type: z.literal('call.dialed'),
    callId: id,
    agentId: id,
    queueId: id.optional(),
    direction: z.literal('outbound'),
  }),
  'call.answered': z.object({ ...base, type: z.literal('call.answered'), callId: id, agentId: id }),
  'call.abandoned': z.object({ ...base, type: z.literal('call.abandoned'), callId: id }),
  'call.failed': z.object({
    ...base,
    type: z.literal('call.failed'),
    callId: id,
    reason: z.enum(['no-answer', 'busy', 'invalid', 'rejected']),
  }),
  'call.held': z.object({ ...base, type: z.literal('call.held'), callId: id }),
  'call.retrieved': z.object({ ...base, type: z.literal('call.retrieved'), callId: id }),
  'call.transferred': z.object({ ...base, type: z.literal('call.transferred'), callId: id, toQueueId: id }),
  'call.ended': z.object({ ...base, type: z.literal('call.ended'), callId: id }),
  'call.wrapup': z.object({ ...base, type: z.literal('call.wrapup'), callId: id, agentId: id }),
  'call.disposition': z.object({
    ...base,
    type: z.literal('call.disposition'),
    callId: id,
    outcome: z.string().min(1).max(100),
  }),
  'survey.completed': z.object({
    ...base,
    type: z.literal('survey.completed'),
    callId: id.optional(),
    agentId: id.optional(),
    queueId: id.optional(),
    score: z.number().min(1).max(5),
  }),
  'qa.scored': z.object({
    ...base,
    type: z.literal('qa.scored'),
    agentId: id,
    callId: id.optional(),
    score: z.number().min(0).max(100),
  }),
  'callback.requested': z.object({
    ...base,
    type: z.literal('callback.requested'),
    callbackId: id,
    queueId: id,
    dueTs: instant.optional(),
  }),
  'callback.completed': z.object({
    ...base,
    type: z.literal('callback.completed'),
    callbackId: id,
    queueId: id,
  }),
  'system.fault': z.object({
    ...base,
    type: z.literal('system.fault'),
    faultId: id,
    component: z.string().min(1).max(200),
    severity: z.enum(['minor', 'major', 'critical']),
    message: z.string().max(2000).optional(),
    resolved: z.boolean().optional(),
  }),
} as const;

export type EventType = keyof typeof eventSchemas;

export type FloorEvent = { [K in EventType]: z.infer<(typeof eventSchemas)[K]> }[EventType];
export type EventOf<K extends EventType> = Extract<FloorEvent, { type: K }>;

/** The default of `ingest.maxEntryBytes`: larger entries are dead-lettered unread. */
export const DEFAULT_MAX_ENTRY_BYTES = 65_536;

const SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map(Object.entries(eventSchemas));

export type DecodeResult = { ok: true; event: FloorEvent } | { ok: false; reason: string };

const utf8 = new TextEncoder();

/**
 * The reason an `event` text of more than maxBytes UTF-8 bytes is refused, or null. Decided from the string's
 * length where that suffices (a UTF-16 unit is 1 to 3 bytes), so a huge entry is never scanned, let alone parsed.
 */
export function oversized(raw: string, maxBytes: number): string | null {
  const over = raw.length > maxBytes || (raw.length * 3 > maxBytes && utf8.encode(raw).length > maxBytes);
  return over ? tooLarge(maxBytes) : null;
}

export function tooLarge(maxBytes: number): string {
  return `entry larger than ${maxBytes} bytes`;
}

/** Decodes the `event` field of a stream entry. The reason is short and names the first problem. */
export function decodeEvent(raw: string | undefined, maxBytes = DEFAULT_MAX_ENTRY_BYTES): DecodeResult {
  if (raw === undefined) return { ok: false, reason: 'missing field "event"' };
  const tooLarge = oversized(raw, maxBytes);
  if (tooLarge !== null) return { ok: false, reason: tooLarge };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  return validateEvent(json);
}

/** Validates an already parsed value as a contract event. */
export function validateEvent(json: unknown): DecodeResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, reason: 'not a JSON object' };
  const type = (json as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, reason: 'missing field "type"' };
  // A Map, not the schemas object: a type such as "constructor" or "__proto__" must not find Object.prototype's.
  const schema = SCHEMAS.get(type);
  if (!schema) return { ok: false, reason: `unknown type "${type.slice(0, 60)}"` };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // A ts in µs or before 1970 is one problem with one name, whether the schema or the fold's skew rule finds it.
    const range = issue.code === 'too_big' || issue.code === 'too_small';
    if (range && issue.path.length === 1 && issue.path[0] === 'ts') return { ok: false, reason: TS_OUT_OF_RANGE };
    const path = issue.path.join('.') || '(root)';
    return { ok: false, reason: `${type}: ${path}: ${issue.message}` };
  }
  return { ok: true, event: parsed.data as FloorEvent };
}
