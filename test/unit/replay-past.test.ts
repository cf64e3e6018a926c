// What a replayed picture shows besides its figures, on hand-worked timelines: the alerts the rules raise on the
// past view (a seek shows a holding condition as raised; a playing replay carries the book, so sustain runs), and
// the bulletins up at a moment, rebuilt from the audit records of their posts, edits and expiries.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/audit.ts';
import { parseRules } from '../../shared/alerts.ts';
import { parseConfig } from '../../shared/config.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { bulletinsAt } from '../../server/replay/past-bulletins.ts';
import { pastAlerts } from '../../server/replay/past-floor.ts';
import { eventFactory } from '../helpers/events.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const at = (sec: number) => T0 + sec * 1000;

describe('pastAlerts', () => {
  const rules = parseRules([
    {
      id: 'backlog',
      metric: 'waiting',
      scope: { kind: 'queue' },
      comparator: '>=',
      threshold: 2,
      sustainSec: 30,
      severity: 'warning',
      escalateAfterMin: 1,
    },
  ]);
  const ev = eventFactory(T0);
  // One caller waits on sales from 0:05, two from 0:10 to the end of the test.
  const c1 = ev('call.offered', 5, { callId: 'c1', queueId: 'sales' });
  const c2 = ev('call.offered', 10, { callId: 'c2', queueId: 'sales' });
  const floor = () => createState(parseConfig({ timezone: 'Asia/Shanghai' }));

  it('a seek shows the condition holding at its moment as raised then, marked as the past', () => {
    const state = floor();
    fold(state, c1);
    fold(state, c2);
    const { alerts } = pastAlerts(rules, null, view(state, at(20)), at(20));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      id: 'replay:backlog:sales',
      state: 'firing',
      value: 2,
      firstSeen: at(20),
      firedAt: at(20),
      replay: true,
    });
  });

  it('a playing replay carries the book: pending until 30 s, firing, escalated 1 min after firing', () => {
    // First picture at 0:08 (1 waiting: nothing); 0:10 first seen (pending, not shown); 0:39 still pending
    // (29 s < 30 s); 0:40 fires (30 s); 1:39 not yet escalated (59 s); 1:40 escalated (60 s), warning → critical.
    const state = floor();
    fold(state, c1);
    let book = pastAlerts(rules, null, view(state, at(8)), at(8)).book;
    expect(book).toEqual({});
    fold(state, c2);
    const shown: Record<number, string[]> = {};
    for (const sec of [10, 39, 40, 99, 100]) {
      const r = pastAlerts(rules, book, view(state, at(sec)), at(sec));
      book = r.book;
      shown[sec] = r.alerts.map((a) => `${a.state}:${a.severity}`);
    }
    expect(shown).toEqual({
      10: [],
      39: [],
      40: ['firing:warning'],
      99: ['firing:warning'],
      100: ['firing:critical'],
    });
    expect(book['backlog:sales']!.firstSeen).toBe(at(10));
  });
});

describe('bulletinsAt', () => {
  const rec = (sec: number, what: string, detail: Record<string, unknown>, who = 'sup1'): AuditRecord => ({
    id: `${at(sec)}-0`,
    who,
    what,
    at: at(sec),
    detail,
  });
  const records = [
    rec(0, 'auth.login', {}),
    rec(10, 'bulletin.post', { id: 'b1', text: 'Lunch v1', severity: 'info', targets: {}, expiresAt: null }),
    rec(20, 'bulletin.post', {
      id: 'b2',
      text: 'Storm',
      severity: 'urgent',
      targets: { teams: ['t1'] },
      expiresAt: at(50),
    }),
    rec(30, 'bulletin.edit', { id: 'b1', text: 'Lunch v2', severity: 'warning', targets: {}, expiresAt: null }),
    rec(40, 'bulletin.expire', { id: 'b1' }),
  ];
  const shown = (sec: number) => bulletinsAt(records, at(sec)).map((b) => `${b.id}:${b.text}:${b.severity}`);

  it('each moment shows the versions up then, urgent first, expired ones gone', () => {
    expect(shown(9)).toEqual([]);
    expect(shown(10)).toEqual(['b1:Lunch v1:info']);
    expect(shown(25)).toEqual(['b2:Storm:urgent', 'b1:Lunch v1:info']);
    expect(shown(30)).toEqual(['b2:Storm:urgent', 'b1:Lunch v2:warning']);
    // b1 expired at 0:40 by hand; b2 at 0:50 by its expiry (expiresAt > at is active).
    expect(shown(40)).toEqual(['b2:Storm:urgent']);
    expect(shown(49)).toEqual(['b2:Storm:urgent']);
    expect(shown(50)).toEqual([]);
  });

  it('keeps who posted it and when, and marks it as the past', () => {
    expect(bulletinsAt(records, at(35))[1]).toEqual({
      id: 'b1',
      text: 'Lunch v2',
      severity: 'warning',
      targets: {},
      createdBy: 'sup1',
      createdAt: at(10),
      updatedAt: at(30),
      expiresAt: null,
      replay: true,
    });
  });
});
