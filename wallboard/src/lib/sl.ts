// How a service level compares with its target, judged on the whole percent points the screen shows,
// so the colour never contradicts the text beside it ("80% / 80%" is on target).
import { percentPoints } from './format.ts';

export type SlStatus = 'none' | 'met' | 'near' | 'missed';

/** Points below target that still count as near (amber) rather than missed (red). */
export const NEAR_POINTS = 10;

export function slStatus(serviceLevel: number | null, target: number): SlStatus {
  if (serviceLevel === null) return 'none';
  const shown = percentPoints(serviceLevel);
  const goal = percentPoints(target);
  if (shown >= goal) return 'met';
  return shown >= goal - NEAR_POINTS ? 'near' : 'missed';
}
