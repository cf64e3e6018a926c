// Bulletins (公告牌): short notices supervisors post to walls and agents (issue 4).
import { z } from 'zod';

export const BULLETIN_SEVERITIES = ['info', 'warning', 'urgent'] as const;
export type BulletinSeverity = (typeof BULLETIN_SEVERITIES)[number];

const BULLETIN_TEXT_MAX = 500;

export interface BulletinTargets {
  boards?: string[];
  teams?: string[];
}

export interface Bulletin {
  id: string;
  text: string;
  severity: BulletinSeverity;
  /** Both lists empty or absent: everyone. */
  targets: BulletinTargets;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
  /** Extension (replay): a bulletin as it stood at a past snapshot's moment (rebuilt from the audit trail). */
  replay?: true;
}

const ids = z.array(z.string().min(1).max(100)).max(100);

/** The body of POST /bulletins and PUT /bulletins/:id. `ttlMin` is a convenience for `expiresAt = now + ttlMin`. */
export const bulletinInputSchema = z
  .strictObject({
    text: z
      .string()
      .trim()
      .min(1, 'text is empty')
      .max(BULLETIN_TEXT_MAX, `text is longer than ${BULLETIN_TEXT_MAX} characters`),
    severity: z.enum(BULLETIN_SEVERITIES).optional(),
    targets: z.strictObject({ boards: ids.optional(), teams: ids.optional() }).optional(),
    expiresAt: z.number().int().positive().nullable().optional(),
    ttlMin: z
      .number()
      .positive()
      .max(366 * 24 * 60)
      .optional(),
  })
  .refine((b) => b.expiresAt === undefined || b.ttlMin === undefined, {
    message: 'give expiresAt or ttlMin, not both',
    path: ['ttlMin'],
  });
export type BulletinInput = z.output<typeof bulletinInputSchema>;

/** Whether a bulletin is addressed to everyone (no board and no team named). */
export function forEveryone(b: Bulletin): boolean {
  return !b.targets.boards?.length && !b.targets.teams?.length;
}
