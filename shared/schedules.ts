// Schedules and real-time adherence (issue 17): the activities a schedule holds, the states that satisfy each, and
// the adherence figures the snapshot carries. Shared by the config, the server and the screens.
import { z } from 'zod';
import { AGENT_STATES, type WindowName } from './vocabulary.ts';

export const ACTIVITIES = ['work', 'break', 'lunch', 'meeting', 'training', 'coaching', 'off'] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** One scheduled activity of one agent: [start, end) in ms; `date` is the local day it was scheduled under. */
export interface ScheduledActivity {
  agentId: string;
  date: string;
  start: number;
  end: number;
  activity: Activity;
  /** The queues a `work` activity puts the agent on; empty: the queues the agent logs in to. */
  queues: string[];
}

/**
 * A state an activity accepts: an agent state (`available`, `aux` for any reason, `offline`…) or `aux:<reason>`.
 * Written as text so the config reads like the floor talks: `break: [aux:break]`.
 */
const stateTokenSchema = z
  .string()
  .refine((s) => (AGENT_STATES as readonly string[]).includes(s) || /^aux:.+$/.test(s), {
    message: `an agent state (${AGENT_STATES.join(', ')}) or aux:<reason>`,
  });

const DEFAULT_STATES: Record<Exclude<Activity, 'off'>, string[]> = {
  work: ['available', 'dialing', 'talking', 'hold', 'acw'],
  break: ['aux:break'],
  lunch: ['aux:lunch'],
  meeting: ['aux:meeting'],
  training: ['aux:training'],
  coaching: ['aux:coaching'],
};

export const schedulesConfigSchema = z
  .strictObject({
    /** An exception (a run of time out of adherence) counts only once it has lasted longer than this. */
    graceSec: z.number().int().nonnegative().default(120),
    /** The states that satisfy each activity (`off` is not scheduled time: nothing to adhere to). */
    states: z
      .strictObject({
        work: z.array(stateTokenSchema).optional(),
        break: z.array(stateTokenSchema).optional(),
        lunch: z.array(stateTokenSchema).optional(),
        meeting: z.array(stateTokenSchema).optional(),
        training: z.array(stateTokenSchema).optional(),
        coaching: z.array(stateTokenSchema).optional(),
      })
      .default({})
      .transform((s) => ({ ...DEFAULT_STATES, ...s })),
  })
  .prefault({});
export type SchedulesConfig = z.infer<typeof schedulesConfigSchema>;

/** Scheduled and out-of-adherence time in a window, and adherence = 1 − out ÷ scheduled (null: nothing scheduled). */
export interface AdherenceWindow {
  scheduledSec: number;
  outSec: number;
  adherence: number | null;
}

export type AdherenceWindows = Record<WindowName, AdherenceWindow>;

/** An agent's adherence now (snapshot extension `agents[].adherence`). */
export interface AgentAdherence {
  /** The activity scheduled now; null: nothing (or `off`) scheduled now. */
  activity: Activity | null;
  /** When the activity now scheduled ends (null with no activity). */
  activityEnd: number | null;
  /** Whether the state now satisfies the activity now; null when nothing is scheduled. */
  inAdherence: boolean | null;
  /** When the exception in progress began (out of adherence since), null when in adherence. */
  outSinceTs: number | null;
  /** Whether that exception has outlasted the grace, so its time counts. */
  counting: boolean;
  windows: AdherenceWindows;
}

/** One line's complaint: the CSV line (1-based, as an editor numbers it) and the field at fault. */
export interface ScheduleIssue {
  line: number;
  field: string;
  message: string;
}
