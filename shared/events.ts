// The telephony events Floorboard reads (CONTRACT §2), as zod schemas with inferred types.
import { z } from 'zod';

const id = z.string().min(1).max(200);
const base = { id, ts: z.number().int().nonnegative() };

export const AUX_REASONS = ['break', 'lunch', 'meeting', 'training', 'coaching'] as const;

export const eventSchemas = {
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
    dueTs: z.number().int().nonnegative().optional(),
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
export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];

export const floorEventSchema = z.discriminatedUnion(
  'type',
  Object.values(eventSchemas) as unknown as [
    (typeof eventSchemas)[EventType],
    ...(typeof eventSchemas)[EventType][],
  ],
);

export type FloorEvent = { [K in EventType]: z.infer<(typeof eventSchemas)[K]> }[EventType];
export type EventOf<K extends EventType> = Extract<FloorEvent, { type: K }>;

/** Largest accepted `event` field, in characters; longer entries are dead-lettered unread. */
export const MAX_EVENT_CHARS = 16_384;

export type DecodeResult = { ok: true; event: FloorEvent } | { ok: false; reason: string };

/** Decodes the `event` field of a stream entry. The reason is short and names the first problem. */
export function decodeEvent(raw: string | undefined): DecodeResult {
  if (raw === undefined) return { ok: false, reason: 'missing field "event"' };
  if (raw.length > MAX_EVENT_CHARS) return { ok: false, reason: `event larger than ${MAX_EVENT_CHARS} characters` };
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
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, reason: 'not a JSON object' };
  const type = (json as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, reason: 'missing field "type"' };
  const schema = (eventSchemas as Record<string, z.ZodType>)[type];
  if (!schema) return { ok: false, reason: `unknown type "${type.slice(0, 60)}"` };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || '(root)';
    return { ok: false, reason: `${type}: ${path}: ${issue.message}` };
  }
  return { ok: true, event: parsed.data as FloorEvent };
}
