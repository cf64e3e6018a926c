// Big-screen boards as the config file defines them (`boards:`), and their thresholds: what each display at
// /wall/<board> shows, in which language, and when a number turns amber or red.
import { z } from 'zod';

export const BOARD_LANGUAGES = ['en', 'zh-CN'] as const;

export const BOARD_THEMES = ['dark', 'light'] as const;

export const PAGE_KINDS = ['queues', 'agents', 'trends', 'leaders'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** The center's KPI tiles a queues page can show, each over its own window. */
export const KPI_TILES = ['asa', 'aht', 'abandonRate', 'occupancy', 'staffing', 'outbound', 'csat', 'qa'] as const;
export type KpiTile = (typeof KPI_TILES)[number];

/** Metrics that thresholds can judge. */
export const THRESHOLD_METRICS = [
  'serviceLevel',
  'waiting',
  'longestWaitSec',
  'asaSec',
  'ahtSec',
  'abandonRate',
  'occupancy',
  'csat',
  'qa',
  'connectRate',
  'adherence',
  'breachingSoon',
] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

/**
 * Green, amber or red by two bounds. With higherIsBetter, a value below `amber` is amber and below `red` is red;
 * otherwise a value above `amber` is amber and above `red` is red. A value equal to a bound is on the better side.
 */
const thresholdRuleSchema = z
  .strictObject({
    amber: z.number(),
    red: z.number(),
    higherIsBetter: z.boolean().default(false),
  })
  .refine((r) => (r.higherIsBetter ? r.red <= r.amber : r.red >= r.amber), {
    message: 'red must be on the worse side of amber (below it when higherIsBetter, above it otherwise)',
  });
export type ThresholdRule = z.infer<typeof thresholdRuleSchema>;

const thresholdSetSchema = z.partialRecord(z.enum(THRESHOLD_METRICS), thresholdRuleSchema);
export type ThresholdSet = z.infer<typeof thresholdSetSchema>;

export const thresholdsSchema = z
  .strictObject({
    /** Rules for the center and for every queue without its own. */
    default: thresholdSetSchema.default({}),
    /** Per queue id: rules that replace the default rule of the same metric. */
    queues: z.record(z.string(), thresholdSetSchema).default({}),
  })
  .default({ default: {}, queues: {} });
export type Thresholds = z.infer<typeof thresholdsSchema>;

const boardPageSchema = z.strictObject({
  kind: z.enum(PAGE_KINDS),
  /** Shown in the top bar; the page kind's own name when omitted. */
  title: z.string().optional(),
  /** Only these queues (queues/trends pages); all when omitted. */
  queues: z.array(z.string().min(1)).optional(),
  /** queues page: only the queues of this queue group (config `queueGroups`), with its totals as the summary. */
  group: z.string().min(1).optional(),
  /** Only these teams (agents/leaders pages); all when omitted. */
  teams: z.array(z.string().min(1)).optional(),
  /** queues page: the center KPI tiles, in order. */
  tiles: z.array(z.enum(KPI_TILES)).default([...KPI_TILES]),
  /** queues page: queue cards side by side. */
  columns: z.number().int().min(1).max(4).default(2),
});
export type BoardPage = z.infer<typeof boardPageSchema>;

/** Seconds a state may last before the agent's tile turns amber, then red (e.g. a break over 15 minutes). */
const stateLimitSchema = z
  .strictObject({ amberSec: z.number().positive(), redSec: z.number().positive() })
  .refine((r) => r.redSec >= r.amberSec, { message: 'redSec must be at least amberSec' });
export type StateLimit = z.infer<typeof stateLimitSchema>;

/** Time-in-state limits: per state, and per aux reason (a reason's rule replaces the aux one). */
const stateLimitsSchema = z.strictObject({
  states: z
    .partialRecord(z.enum(['available', 'dialing', 'talking', 'hold', 'acw', 'aux']), stateLimitSchema)
    .default({}),
  reasons: z.record(z.string(), stateLimitSchema).default({}),
});
export type StateLimits = z.infer<typeof stateLimitsSchema>;

/** Built-in time-in-state limits: long calls, holds and wrap-ups, and breaks and lunches that overrun. */
export const DEFAULT_STATE_LIMITS: StateLimits = {
  states: {
    talking: { amberSec: 15 * 60, redSec: 30 * 60 },
    hold: { amberSec: 2 * 60, redSec: 5 * 60 },
    acw: { amberSec: 2 * 60, redSec: 5 * 60 },
    aux: { amberSec: 15 * 60, redSec: 30 * 60 },
  },
  reasons: {
    break: { amberSec: 15 * 60, redSec: 20 * 60 },
    lunch: { amberSec: 60 * 60, redSec: 75 * 60 },
  },
};

/** Leaders page: the fewest surveys (CSAT) or scored calls (QA) an agent needs to be ranked. */
const leadersSchema = z
  .strictObject({ minCsatSurveys: z.number().int().min(1).default(5), minQaScores: z.number().int().min(1).default(3) })
  .default({ minCsatSurveys: 5, minQaScores: 3 });
export type LeadersSettings = z.infer<typeof leadersSchema>;

export const boardSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'board ids are letters, digits, - and _ (they appear in the URL)'),
  name: z.string().optional(),
  language: z.enum(BOARD_LANGUAGES).default('en'),
  theme: z.enum(BOARD_THEMES).default('dark'),
  /** Seconds each page stays up before the next; all screens of a board turn together. */
  rotateSec: z.number().min(3).default(20),
  /** A short tone when a number turns red. */
  sound: z.boolean().default(false),
  pages: z.array(boardPageSchema).min(1),
  thresholds: thresholdsSchema,
  /** Static messages for the ticker along the bottom (公告牌), until bulletins are posted live. */
  ticker: z.array(z.string().min(1)).default([]),
  /** The built-in board's own placeholder ticker lines, in the screen's language (see docs/wallboard.md). */
  placeholderTicker: z.boolean().default(false),
  /** Metres from the screen to the farthest seat that reads it: sets the smallest figure (docs/wallboard.md). */
  viewingDistanceM: z.number().min(1).max(50).default(8),
  /** The panel's diagonal in inches. */
  panelInches: z.number().min(20).max(200).default(55),
  /** Seconds after which a tile's numbers count as old and say so on the tile. */
  staleAfterSec: z.number().min(5).default(15),
  /** Time-in-state limits on the agent grid; omitted: the built-in ones. */
  stateLimits: stateLimitsSchema.default(DEFAULT_STATE_LIMITS),
  leaders: leadersSchema,
});
export type Board = z.infer<typeof boardSchema>;

export const boardsSchema = z.array(boardSchema).refine((bs) => new Set(bs.map((b) => b.id)).size === bs.length, {
  message: 'two boards share an id',
});

/** The default thresholds (the service level's and the longest wait's come from each queue's own T and target, see
 *  slRule and waitRule). */
export const DEFAULT_THRESHOLDS: ThresholdSet = {
  asaSec: { amber: 30, red: 60, higherIsBetter: false },
  abandonRate: { amber: 0.05, red: 0.1, higherIsBetter: false },
  occupancy: { amber: 0.9, red: 0.95, higherIsBetter: false },
  csat: { amber: 4, red: 3.5, higherIsBetter: true },
  qa: { amber: 85, red: 75, higherIsBetter: true },
  // Schedule adherence: centres commonly aim at 90 % and act below 80 %.
  adherence: { amber: 0.9, red: 0.8, higherIsBetter: true },
  // The now-cast's calls about to breach T: one is worth a look, more than two a hand.
  breachingSoon: { amber: 0, red: 2, higherIsBetter: false },
};

/** Service level with no configured rule: green at or above the queue's target, amber within 5 points, red below. */
const SL_AMBER_POINTS = 5;
export function slRule(target: number): ThresholdRule {
  return { amber: target, red: target - SL_AMBER_POINTS / 100, higherIsBetter: true };
}

/** A caller's wait with no configured rule: green up to the queue's T, amber up to 2T, red beyond. */
export function waitRule(slThresholdSec: number): ThresholdRule {
  return { amber: slThresholdSec, red: 2 * slThresholdSec, higherIsBetter: false };
}

/** The board every display can open when the config defines none (the demo's). */
export const DEFAULT_BOARD: Board = boardSchema.parse({
  id: 'default',
  pages: [{ kind: 'queues' }, { kind: 'agents' }, { kind: 'trends' }, { kind: 'leaders' }],
  thresholds: { default: DEFAULT_THRESHOLDS },
  // The screens name it and write its ticker in their own language, from the queues' own targets.
  placeholderTicker: true,
});

/** A configured board without a `default` still leaves /wall/default working. */
export function boardById(boards: readonly Board[], id: string): Board | undefined {
  return boards.find((b) => b.id === id) ?? (id === DEFAULT_BOARD.id ? DEFAULT_BOARD : undefined);
}
