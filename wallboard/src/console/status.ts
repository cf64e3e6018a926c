// The console's verdicts as the wall's status shapes (StatusIcon), so a figure's state never rests on colour alone.
import type { Status } from '../lib/thresholds.ts';
import type { Verdict } from './judge.ts';

const STATUS: Record<Verdict, Status> = { none: 'none', good: 'good', amber: 'warn', red: 'bad' };

export const statusOf = (v: Verdict): Status => STATUS[v];
