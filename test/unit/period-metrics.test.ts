// The manual's 5.4 figures over a period (shared/metrics.ts), against hand-computed scenarios: the arithmetic is in
// the comments, so a changed definition fails here before it reaches a report.
import { describe, expect, it } from 'vitest';
import {
  costPerCall,
  dailyTalkSec,
  loggedInMs,
  perAgentHour,
  productivity,
  seatUtilization,
  type StateTime,
} from '../../shared/metrics.ts';

const HOUR = 3_600_000;
const MIN = 60_000;

/**
 * One agent's day: 7 h 30 min logged in =
 *   talking 4 h + hold 20 min + acw 40 min + dialing 30 min (busy 5 h 30 min) + available 1 h 15 min + aux 45 min.
 */
const day: StateTime = {
  talkingMs: 4 * HOUR,
  holdMs: 20 * MIN,
  acwMs: 40 * MIN,
  dialingMs: 30 * MIN,
  availableMs: 75 * MIN,
  auxMs: 45 * MIN,
};
const nothing: StateTime = { talkingMs: 0, holdMs: 0, acwMs: 0, dialingMs: 0, availableMs: 0, auxMs: 0 };

describe('the manual 5.4 period figures', () => {
  it('logged-in time is every state but offline', () => {
    // 240 + 20 + 40 + 30 + 75 + 45 = 450 min = 7.5 h
    expect(loggedInMs(day)).toBe(7.5 * HOUR);
  });

  it('productivity: handled per logged-in hour', () => {
    // 60 handled ÷ 7.5 h = 8 per hour
    expect(productivity(60, day)).toBe(8);
    // 45 handled ÷ 7.5 h = 6 per hour
    expect(productivity(45, day)).toBe(6);
    // nobody logged in: no figure, not 0 (and not Infinity)
    expect(productivity(3, nothing)).toBeNull();
  });

  it('daily talk time: talk seconds per local day of the period', () => {
    // a 7-day week with 25 h 12 min of talk: 90 720 s ÷ 7 = 12 960 s = 3 h 36 min a day
    expect(dailyTalkSec(90_720, 7)).toBe(12_960);
    // a 31-day month, 93 h of talk: 334 800 s ÷ 31 = 10 800 s = 3 h a day
    expect(dailyTalkSec(334_800, 31)).toBe(10_800);
    // an interval (shorter than a day) has no daily figure
    expect(dailyTalkSec(900, null)).toBeNull();
  });

  it('outbound calls per agent-hour: dialed over logged-in hours', () => {
    // 45 dialed ÷ 7.5 h = 6 per agent-hour
    expect(perAgentHour(45, day)).toBe(6);
    // two agents of such a day: 15 h, 30 dialed → 2 per agent-hour
    const two: StateTime = {
      talkingMs: 8 * HOUR,
      holdMs: 40 * MIN,
      acwMs: 80 * MIN,
      dialingMs: 60 * MIN,
      availableMs: 150 * MIN,
      auxMs: 90 * MIN,
    };
    expect(perAgentHour(30, two)).toBe(2);
    expect(perAgentHour(5, nothing)).toBeNull();
  });

  it('seat utilization: logged-in agent-hours over seats × hours of the period', () => {
    // one 7.5 h agent on 10 seats over a 24 h day: 7.5 ÷ (10 × 24) = 0.03125
    expect(seatUtilization(day, 10, 24 * HOUR)).toBe(0.03125);
    // 16 such agents (120 agent-hours) on 10 seats over 15 h (a 15-hour service day): 120 ÷ 150 = 0.8
    const floor: StateTime = {
      talkingMs: 16 * day.talkingMs,
      holdMs: 16 * day.holdMs,
      acwMs: 16 * day.acwMs,
      dialingMs: 16 * day.dialingMs,
      availableMs: 16 * day.availableMs,
      auxMs: 16 * day.auxMs,
    };
    expect(seatUtilization(floor, 10, 15 * HOUR)).toBe(0.8);
    // a DST spring-forward day has 23 h: 7.5 ÷ (3 × 23) = 0.108695…
    expect(seatUtilization(day, 3, 23 * HOUR)).toBeCloseTo(7.5 / 69, 12);
    // no seat count configured, or no seats: no figure
    expect(seatUtilization(day, undefined, 24 * HOUR)).toBeNull();
    expect(seatUtilization(day, 0, 24 * HOUR)).toBeNull();
  });

  it('cost per call: cost per paid hour × paid hours over handled', () => {
    // 7.5 h × 40 per hour = 300; 300 ÷ 60 handled = 5 a call
    expect(costPerCall(40, day, 60)).toBe(5);
    // 300 ÷ 48 handled = 6.25 a call
    expect(costPerCall(40, day, 48)).toBe(6.25);
    // nothing handled: no figure; no cost configured: no figure
    expect(costPerCall(40, day, 0)).toBeNull();
    expect(costPerCall(undefined, day, 60)).toBeNull();
  });
});
