// Supervisor actions through the PBX (CONTRACT §7): the request, the command that travels to CTI adapters over
// `<stream>:commands`, its outcome, and the interface any PBX adapter implements to perform them.
import { z } from 'zod';

export const ACTIONS = [
  'pause',
  'unpause',
  'logout',
  'queue-add',
  'queue-remove',
  'listen',
  'whisper',
  'barge',
] as const;
export type ActionName = (typeof ACTIONS)[number];

/** Actions that open a call from the supervisor's device (ChanSpy on Asterisk): they need a device. */
export const SPY_ACTIONS: ReadonlySet<ActionName> = new Set(['listen', 'whisper', 'barge']);
/** Actions that need the queue they act on. */
const QUEUE_ACTIONS: ReadonlySet<ActionName> = new Set(['queue-add', 'queue-remove']);

const text = (max: number) => z.string().trim().min(1).max(max);

/** Reasons and devices end up in AMI header lines: no control characters (a line break would forge a header). */
const headerSafe = (max: number) => text(max).regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** POST /api/v1/actions */
export const actionRequestSchema = z
  .strictObject({
    agentId: text(200),
    action: z.enum(ACTIONS),
    reason: headerSafe(100).optional(),
    queueId: text(200).optional(),
    /** The supervisor's phone for listen/whisper/barge, e.g. `PJSIP/sup1`; default: the user's configured device. */
    device: headerSafe(200).optional(),
  })
  .superRefine((r, ctx) => {
    if (QUEUE_ACTIONS.has(r.action) && !r.queueId)
      ctx.addIssue({ code: 'custom', path: ['queueId'], message: `required for ${r.action}` });
    if (r.reason !== undefined && r.action !== 'pause' && r.action !== 'unpause') {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `not used by ${r.action}` });
    }
    if (r.device !== undefined && !SPY_ACTIONS.has(r.action))
      ctx.addIssue({ code: 'custom', path: ['device'], message: `not used by ${r.action}` });
  });
export type ActionRequest = z.infer<typeof actionRequestSchema>;

/** The states GET /api/v1/actions/:id answers. */
const ACTION_STATES = ['pending', 'done', 'failed', 'expired'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** GET /api/v1/actions/:id */
export interface ActionStatus {
  id: string;
  state: ActionState;
  /** The PBX's own words on success or refusal, or why the command expired. */
  message?: string;
}

/** A command no adapter takes within this long expires (CONTRACT §7). */
export const ACTION_TAKE_MS = 10_000;
/** A taken command whose adapter reports nothing within this long fails (the adapter died mid-command). */
export const ACTION_OUTCOME_MS = 60_000;

/** One entry of `<stream>:commands` (field `command`, this as JSON). */
export interface ActionCommand {
  id: string;
  agentId: string;
  action: ActionName;
  reason?: string;
  /** Floorboard's queue id; the adapter maps it to the PBX's queue. */
  queueId?: string;
  /** Resolved by the server: the body's device, else the user's configured one (spy actions only). */
  device?: string;
  /** The agent's name as Floorboard knows it (a member name for queue-add when the PBX knows none). */
  agentName?: string;
  /** Who asked (the audit trail's `who`). */
  by: string;
  /** When the server accepted it (ms since the epoch). */
  ts: number;
}

export type ActionOutcome = { ok: true; message: string } | { ok: false; message: string };

/**
 * What a CTI adapter implements so that the command loop (server/cti/commands.ts) can hand it commands: the
 * Asterisk one in server/cti/ami/actions.ts; a FreeSWITCH mod_callcenter one over ESL would map the same commands
 * to `callcenter_config agent set status …`, `tier add|del`, and `eavesdrop`.
 */
export interface PbxActions {
  /** The PBX kind, for logs and the adapter registration (`asterisk`, `freeswitch`). */
  readonly pbx: string;
  /** The agents this adapter can act on now; empty while its PBX link is down. */
  servedAgents(): string[];
  /** Performs one command; resolves with the PBX's confirmation or refusal, never rejects. */
  perform(cmd: ActionCommand): Promise<ActionOutcome>;
}

/** What an adapter publishes about itself (key `floorboard:cti:adapter:<stream>:<id>`, refreshed every few seconds). */
export interface AdapterRegistration {
  id: string;
  pbx: string;
  agents: string[];
  at: number;
}

/** Config section `actions` (optional). */
export const actionsConfigSchema = z.strictObject({
  /** The pause reasons the console offers; the PBX receives the word as its pause reason. */
  reasons: z.array(text(100)).min(1).default(['break', 'lunch', 'meeting', 'training', 'coaching']),
});
export type ActionsConfig = z.infer<typeof actionsConfigSchema>;

/** GET /api/v1/actions/options?agentId=… : what the console needs to draw an agent's action buttons. */
export interface ActionOptions {
  reasons: string[];
  /** The signed-in user's configured device, if any. */
  device: string | null;
  /** Whether a live adapter serves the agent (else every action answers 503). */
  served: boolean;
  /** The actions this caller may take on this agent. */
  actions: ActionName[];
  /** Queues the caller may add the agent to or remove it from. */
  queues: string[];
}
