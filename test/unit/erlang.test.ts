// Expected values come from an independent calculation (exact rational factorial sums in Python, cross-checked with
// log-space Poisson terms in awk), not from the code under test; small cases are worked by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  asaSec,
  erlangB,
  erlangC,
  occupancy,
  requiredAgents,
  serviceLevel,
  staffing,
  StaffingInputError,
  trafficErlangs,
  withShrinkage,
} from '../../shared/erlang.ts';

describe('hand-worked case N = 2, A = 1', () => {
  // B = (A²/2!) / (1 + A + A²/2!) = 0.5 / 2.5 = 0.2; C = N·B / (N − A(1 − B)) = 0.4 / 1.2 = 1/3.
  it('Erlang B and C', () => {
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });

  it('service level and ASA with AHT 100 s, T 10 s', () => {
    // SL = 1 − (1/3)·e^(−(2−1)·10/100) = 1 − e^(−0.1)/3 = 0.6983875273; ASA = (1/3)·100/(2−1) = 33.33 s.
    expect(serviceLevel(2, 1, 100, 10)).toBeCloseTo(0.6983875273, 9);
    expect(asaSec(2, 1, 100)).toBeCloseTo(33.3333333333, 9);
    expect(occupancy(2, 1)).toBe(0.5);
  });

  it('T = 0 leaves only the calls that do not wait at all', () => {
    expect(serviceLevel(2, 1, 100, 0)).toBeCloseTo(2 / 3, 12);
  });
});

describe('classic example: 360 calls per 1800 s, AHT 240 s, 80% in 20 s', () => {
  const a = trafficErlangs(360, 1800, 240);

  it('offers 48 Erlangs', () => {
    expect(a).toBe(48);
  });

  it('with 55 agents', () => {
    expect(erlangB(55, a)).toBeCloseTo(0.0383742807, 9);
    expect(erlangC(55, a)).toBeCloseTo(0.2387009364, 9);
    expect(serviceLevel(55, a, 240, 20)).toBeCloseTo(0.8667964882, 9);
    expect(asaSec(55, a, 240)).toBeCloseTo(8.1840321044, 8);
    expect(occupancy(55, a)).toBeCloseTo(0.8727272727, 9);
  });

  it('needs 54 agents: 53 give SL 0.7518, 54 give 0.8172', () => {
    expect(serviceLevel(53, a, 240, 20)).toBeCloseTo(0.7517682452, 9);
    expect(serviceLevel(54, a, 240, 20)).toBeCloseTo(0.817247521, 9);
    expect(requiredAgents({ trafficErlangs: a, ahtSec: 240, thresholdSec: 20, target: 0.8 })).toBe(54);
  });

  it('a 90% target needs 56 agents (55 give 0.8668, 56 give 0.9039)', () => {
    expect(requiredAgents({ trafficErlangs: a, ahtSec: 240, thresholdSec: 20, target: 0.9 })).toBe(56);
  });

  it('a maximum occupancy raises the answer past what the service level needs', () => {
    // 48/56 = 0.857 > 0.85, 48/57 = 0.842 ≤ 0.85.
    expect(requiredAgents({ trafficErlangs: a, ahtSec: 240, thresholdSec: 20, target: 0.8, maxOccupancy: 0.85 })).toBe(
      57,
    );
    // Exactly at the limit is allowed: 48/60 = 0.8.
    expect(requiredAgents({ trafficErlangs: a, ahtSec: 240, thresholdSec: 20, target: 0.8, maxOccupancy: 0.8 })).toBe(
      60,
    );
    // A loose limit changes nothing.
    expect(requiredAgents({ trafficErlangs: a, ahtSec: 240, thresholdSec: 20, target: 0.8, maxOccupancy: 0.95 })).toBe(
      54,
    );
  });
});

describe('published example: 100 calls per 30 min, AHT 180 s (A = 10), 80% in 20 s', () => {
  it('11 agents: probability of waiting 68.2%, service level 39.0%', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821182047, 9);
    expect(serviceLevel(11, 10, 180, 20)).toBeCloseTo(0.3896138117, 9);
  });

  it('14 agents reach 88.8% with ASA 7.8 s; 13 fall short at 79.6%', () => {
    expect(serviceLevel(13, 10, 180, 20)).toBeCloseTo(0.7955947884, 9);
    expect(serviceLevel(14, 10, 180, 20)).toBeCloseTo(0.8883500192, 9);
    expect(asaSec(14, 10, 180)).toBeCloseTo(7.8359370118, 8);
    expect(requiredAgents({ trafficErlangs: 10, ahtSec: 180, thresholdSec: 20, target: 0.8 })).toBe(14);
  });
});

describe('unstable queue (agents ≤ traffic)', () => {
  it('every call waits, none within T, and the wait has no mean', () => {
    for (const n of [0, 40, 48]) {
      expect(erlangC(n, 48)).toBe(1);
      expect(serviceLevel(n, 48, 240, 20)).toBe(0);
      expect(asaSec(n, 48, 240)).toBeNull();
    }
  });

  it('occupancy is capped at always busy, and unknown with no agents', () => {
    expect(occupancy(40, 48)).toBe(1);
    expect(occupancy(0, 48)).toBeNull();
  });

  it('a fractional traffic just below N is stable', () => {
    expect(erlangC(48, 47.9)).toBeLessThan(1);
    expect(asaSec(48, 47.9, 240)).toBeGreaterThan(0);
  });
});

describe('large centers stay finite', () => {
  it('N = 1500, A = 1400, AHT 300 s, T 20 s', () => {
    expect(erlangB(1500, 1400)).toBeCloseTo(3.15615101203e-4, 12);
    expect(erlangC(1500, 1400)).toBeCloseTo(4.71339983572e-3, 10);
    expect(serviceLevel(1500, 1400, 300, 20)).toBeCloseTo(0.999994001568, 9);
    expect(asaSec(1500, 1400, 300)).toBeCloseTo(0.014140199507, 9);
  });

  it('N = 1410, A = 1400', () => {
    expect(erlangC(1410, 1400)).toBeCloseTo(0.706045896358, 9);
    expect(serviceLevel(1410, 1400, 300, 20)).toBeCloseTo(0.637503949987, 9);
    expect(asaSec(1410, 1400, 300)).toBeCloseTo(21.181376890751, 7);
  });

  it('A = 1400 needs 1416 agents for 80% in 20 s (1415 give 0.7844, 1416 give 0.8059)', () => {
    expect(requiredAgents({ trafficErlangs: 1400, ahtSec: 300, thresholdSec: 20, target: 0.8 })).toBe(1416);
  });

  it('far more servers than traffic underflows cleanly to 0, not NaN', () => {
    expect(erlangB(5000, 100)).toBe(0);
    expect(erlangC(5000, 100)).toBe(0);
    expect(serviceLevel(5000, 100, 300, 20)).toBe(1);
    expect(erlangB(1e9, 48)).toBe(0);
  });
});

describe('zero traffic', () => {
  it('needs one agent: the smallest N > A = 0, and the limit as traffic falls to zero', () => {
    expect(requiredAgents({ trafficErlangs: 0, ahtSec: 240, thresholdSec: 20, target: 0.8 })).toBe(1);
    expect(requiredAgents({ trafficErlangs: 0.001, ahtSec: 240, thresholdSec: 20, target: 0.8 })).toBe(1);
  });

  it('no call waits with one agent', () => {
    expect(erlangB(0, 0)).toBe(1);
    expect(erlangC(1, 0)).toBe(0);
    expect(serviceLevel(1, 0, 240, 20)).toBe(1);
    expect(asaSec(1, 0, 240)).toBe(0);
  });
});

describe('shrinkage', () => {
  it('rounds up: 54 / 0.7 = 77.14 → 78', () => {
    expect(withShrinkage(54, 0.3)).toBe(78);
  });

  it('does not round up binary noise: 21 / (1 − 0.3) is exactly 30', () => {
    expect(withShrinkage(21, 0.3)).toBe(30);
    expect(withShrinkage(7, 0.3)).toBe(10);
  });

  it('no shrinkage leaves the answer unchanged', () => {
    expect(withShrinkage(54, 0)).toBe(54);
  });
});

describe('staffing()', () => {
  it('returns exactly the contract object', () => {
    const r = staffing({ calls: 360, intervalSec: 1800, ahtSec: 240, agents: 55, thresholdSec: 20, shrinkage: 0.3 });
    expect(Object.keys(r).sort()).toEqual([
      'asaSec',
      'occupancy',
      'probWait',
      'requiredAgents',
      'requiredAgentsWithShrinkage',
      'serviceLevel',
      'trafficErlangs',
    ]);
    expect(r.trafficErlangs).toBe(48);
    expect(r.probWait).toBeCloseTo(0.2387009364, 9);
    expect(r.serviceLevel).toBeCloseTo(0.8667964882, 9);
    expect(r.asaSec).toBeCloseTo(8.1840321044, 8);
    expect(r.occupancy).toBeCloseTo(0.8727272727, 9);
    expect(r.requiredAgents).toBe(54); // target defaults to 0.8
    expect(r.requiredAgentsWithShrinkage).toBe(78);
  });

  it('applies target, maximum occupancy and shrinkage together', () => {
    const r = staffing({
      calls: 360,
      intervalSec: 1800,
      ahtSec: 240,
      agents: 55,
      thresholdSec: 20,
      target: 0.8,
      maxOccupancy: 0.85,
      shrinkage: 0.3,
    });
    // 57 for the occupancy limit; 57 / 0.7 = 81.43 → 82.
    expect(r.requiredAgents).toBe(57);
    expect(r.requiredAgentsWithShrinkage).toBe(82);
  });

  it('without shrinkage both answers agree', () => {
    const r = staffing({ calls: 100, intervalSec: 1800, ahtSec: 180, agents: 12, thresholdSec: 20 });
    expect(r.requiredAgents).toBe(14);
    expect(r.requiredAgentsWithShrinkage).toBe(14);
    expect(r.serviceLevel).toBeCloseTo(0.6401580404, 9);
  });

  it('reports an unstable queue as the contract says', () => {
    const r = staffing({ calls: 360, intervalSec: 1800, ahtSec: 240, agents: 48, thresholdSec: 20 });
    expect(r).toMatchObject({ probWait: 1, serviceLevel: 0, asaSec: null, occupancy: 1, requiredAgents: 54 });
  });

  const base = { calls: 360, intervalSec: 1800, ahtSec: 240, agents: 55, thresholdSec: 20 };
  it.each([
    ['calls', { calls: -1 }],
    ['calls', { calls: Number.NaN }],
    ['intervalSec', { intervalSec: 0 }],
    ['ahtSec', { ahtSec: 0 }],
    ['ahtSec', { ahtSec: Number.POSITIVE_INFINITY }],
    ['agents', { agents: 2.5 }],
    ['agents', { agents: -1 }],
    ['thresholdSec', { thresholdSec: -5 }],
    ['target', { target: 0 }],
    ['target', { target: 1.2 }],
    ['maxOccupancy', { maxOccupancy: 0 }],
    ['shrinkage', { shrinkage: 1 }],
    ['shrinkage', { shrinkage: -0.1 }],
    ['trafficErlangs', { calls: 1e12 }],
  ])('rejects a bad %s with an error naming it', (field, bad) => {
    let caught: unknown;
    try {
      staffing({ ...base, ...bad });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StaffingInputError);
    expect((caught as StaffingInputError).field).toBe(field);
    expect((caught as StaffingInputError).message).toMatch(new RegExp(`^${field} must be `));
  });

  it('the building blocks validate too', () => {
    expect(() => erlangB(-1, 5)).toThrow(/servers must be a whole number/);
    expect(() => erlangC(3, Number.NaN)).toThrow(/trafficErlangs must be/);
    expect(() => serviceLevel(3, 1, 0, 20)).toThrow(/ahtSec must be/);
  });
});
