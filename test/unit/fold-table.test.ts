// The fold's dispatch table (issue 12): every event type has its handler, looked up by own key only, so an event
// whose type slipped past validation (a tool folding a log it trusts) is refused before anything changes.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import type { FloorEvent } from '../../shared/events.ts';
import { createState, fold } from '../../server/engine/index.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

describe('fold dispatch', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'call.unknown'])(
    'type "%s" has no handler: the fold throws and the state is untouched',
    (type) => {
      const state = createState(parseConfig({ timezone: 'Asia/Shanghai' }));
      const event = { id: `e-${type}`, type, ts: T0 } as unknown as FloorEvent;
      expect(() => fold(state, event)).toThrow(`no handler for event type "${type}"`);
      expect(state.version).toBe(0);
      expect(state.stats.folded).toBe(0);
      // The id is not taken: the same id with a real type folds.
      expect(fold(state, { id: `e-${type}`, type: 'agent.login', ts: T0, agentId: 'a1' })).toBe('folded');
    },
  );
});
