// The reports name the agent states as the wall does (one list per language): zh-CN aux time is the manual's
// 示忙时长, not 小休 (a break, one aux reason among several).
import { describe, expect, it } from 'vitest';
import { en } from '../../wallboard/src/lib/messages-en.ts';
import { zhCN } from '../../wallboard/src/lib/messages-zh-CN.ts';
import { reportMessagesFor } from '../../wallboard/src/reports/report-messages.ts';

describe('report messages', () => {
  it('names aux time by the wall’s state name', () => {
    expect(reportMessagesFor('zh-CN').cols.auxSec).toBe('示忙时长');
    expect(reportMessagesFor('zh-CN').cols.auxSec.startsWith(zhCN.states.aux)).toBe(true);
    expect(reportMessagesFor('en').cols.auxSec).toBe('Aux time');
    expect(reportMessagesFor('en').cols.auxSec.startsWith(en.states.aux)).toBe(true);
  });

  it('says 小休 nowhere in zh-CN', () => {
    expect(JSON.stringify(reportMessagesFor('zh-CN'))).not.toContain('小休');
  });
});
