// How the simulated floor behaves, in one place so it can be tuned by reading it. Durations are in the unit
// their name says; a [min, max] pair is drawn uniformly, a { mean, sd } pair from a lognormal.
import type { Outcome } from './roster.ts';

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

// Inbound callers.
export const SHORT_ABANDON_SHARE = 0.07; // callers who hang up within 5 s whatever happens
export const SHORT_PATIENCE_SEC = [1, 5] as const;
export const PATIENCE_SEC = { mean: 75, sd: 60 };
export const TRANSFERRED_PATIENCE_SEC = { mean: 90, sd: 60 };
export const RING_SEC = [1, 4] as const;
export const HOLD_SHARE = 0.2;
export const HOLD_SEC = { mean: 40, sd: 25 };
/** Where in the talk the hold starts, as a fraction of the talk time. */
export const HOLD_AT = [0.2, 0.7] as const;
export const TRANSFER_SHARE = 0.03;
export const TALK_BEFORE_TRANSFER_SEC = { mean: 75, sd: 45 };

// After the talk.
export const WRAPUP_SEC = { mean: 30, sd: 15 };
export const MIN_WRAPUP_SEC = 3;
export const SURVEY_SHARE = 0.25;
/** The post-call survey is an IVR the caller stays on for, so it lands while the agent still wraps up. */
export const SURVEY_AFTER_END_SEC = [20, 120] as const;
// Survey scores by outcome, skewed high except after a complaint.
export const SURVEY_SCORES: Record<Outcome, readonly (readonly [number, number])[]> = {
  resolved: [
    [1, 0.04],
    [2, 0.06],
    [3, 0.14],
    [4, 0.31],
    [5, 0.45],
  ],
  sale: [
    [1, 0.02],
    [2, 0.03],
    [3, 0.1],
    [4, 0.3],
    [5, 0.55],
  ],
  callback: [
    [1, 0.06],
    [2, 0.1],
    [3, 0.24],
    [4, 0.32],
    [5, 0.28],
  ],
  complaint: [
    [1, 0.3],
    [2, 0.3],
    [3, 0.25],
    [4, 0.1],
    [5, 0.05],
  ],
};
export const QA_SHARE = 0.05;
export const QA_AFTER_MIN = [15, 90] as const;
export const QA_SCORE = { mean: 86, sd: 8, min: 60, max: 100 };
export const CALLBACK_DUE_MIN = [15, 120] as const;
/** How late after its due time a callback is made. */
export const CALLBACK_LATE_MIN = [0, 20] as const;

// Outbound campaign.
export const DIAL_GAP_SEC = [3, 10] as const;
export const DIAL_RING_SEC = [5, 25] as const;
export const CONNECT_SHARE = 0.35;
export const FAIL_REASONS = [
  ['no-answer', 0.55],
  ['busy', 0.2],
  ['invalid', 0.15],
  ['rejected', 0.1],
] as const;

// Aux: each kind recurs on its own clock.
export const BREAK = {
  firstAfterMin: [45, 150] as const,
  everyMin: { mean: 120, sd: 20 },
  lastsMin: { mean: 15, sd: 3 },
};
export const LUNCH = { firstAfterHours: [3, 5.5] as const, everyHours: 24, lastsMin: { mean: 45, sd: 6 } };
type AuxKindSpec = { reason: string; lastsMin: { mean: number; sd: number } };
export const OTHER_AUX: { everyHours: number; kinds: readonly (readonly [AuxKindSpec, number])[] } = {
  everyHours: 8, // exponential
  kinds: [
    [{ reason: 'meeting', lastsMin: { mean: 30, sd: 8 } }, 0.4],
    [{ reason: 'training', lastsMin: { mean: 45, sd: 10 } }, 0.25],
    [{ reason: 'coaching', lastsMin: { mean: 20, sd: 5 } }, 0.35],
  ],
};
/** How late an agent asks for a scheduled break or lunch (on a call, it also waits for wrap-up to end). */
export const SCHEDULED_AUX_LATE_MIN = [0, 3] as const;
/** When aux cannot be asked for yet (already in aux or one pending), ask again this much later. */
export const AUX_RETRY_MIN = [5, 15] as const;

// Faults.
export const FAULT_EVERY_HOURS = 3; // exponential
export const FAULT_LASTS_MIN = { mean: 12, sd: 8 };
export const FAULT_COMPONENTS = [
  ['ivr', 0.4],
  ['acd', 0.3],
  ['recording', 0.3],
] as const;
export const FAULT_SEVERITIES = [
  ['minor', 0.72],
  ['major', 0.23],
  ['critical', 0.05],
] as const;
export const FAULT_MESSAGES: Record<string, Record<string, string>> = {
  ivr: { minor: 'IVR prompt playback delayed', major: 'IVR ports near capacity', critical: 'IVR not answering calls' },
  acd: {
    minor: 'ACD routing latency above 2 s',
    major: 'ACD skill sync failed',
    critical: 'ACD down: calls not routed',
  },
  recording: {
    minor: 'Recording storage above 90 %',
    major: 'Recording service restarting',
    critical: 'Calls not recorded',
  },
};
