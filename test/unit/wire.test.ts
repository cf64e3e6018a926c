// Numbers on the wire: ratios to 4 decimals, seconds and means to 2, chosen by field name; counts, timestamps,
// configured values, alerts and everything outside the figures untouched; the input never modified.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts.ts';
import type { AgentView, AgentWindow, QueueView, QueueWindow, Update } from '../../shared/snapshot.ts';
import { roundForWire } from '../../server/realtime/wire.ts';

const queueWindow = (): QueueWindow => ({
  offered: 7,
  answered: 3,
  answeredWithinSl: 1,
  abandoned: 3,
  abandonedShort: 1,
  serviceLevel: 1 / 6,
  asaSec: 26.666666666666668,
  abandonRate: 0.5,
  maxWaitSec: 41.2049,
  ahtSec: 187.33333333333334,
  avgTalkSec: 150.0051,
  avgHoldSec: 0.004999,
  avgAcwSec: null,
  occupancy: 0.98585177708,
  utilization: 0.91169558477,
  csat: 4.066666666666666,
  qa: 83.33333333333333,
  outbound: {
    dialed: 9,
    connected: 2,
    failed: 7,
    connectRate: 2 / 9,
    callsPerAgentHour: 13.846153846153847,
    talkSec: 95.1234,
  },
});

const agentWindow = (): AgentWindow => ({
  handled: 48,
  missed: 2,
  talkSec: 46.317,
  ahtSec: 1.1390208333333331,
  occupancy: 0.9858517770888905,
  utilization: 0.911695584779239,
  csat: null,
  qa: 90,
  csatSurveys: 0,
  qaScores: 3,
  outbound: { dialed: 0, connected: 0, callsPerAgentHour: 0.3333333333 },
});

const queue = (): QueueView => ({
  id: 'sales',
  name: 'Sales',
  waiting: 2,
  longestWaitSec: 41.2345,
  oldestWaitingTs: 1795910119525,
  slThresholdSec: 20,
  slTarget: 0.8,
  agents: { loggedIn: 4, available: 1, dialing: 0, talking: 2, hold: 0, acw: 1, aux: 0 },
  callbacksPending: 3,
  windows: { today: queueWindow(), '60m': queueWindow(), '15m': queueWindow() },
  staffing: {
    trafficErlangs: 3.7777777777777777,
    agentsStaffed: 4,
    requiredAgents: 6,
    projectedServiceLevel: 0.41666666666,
  },
  nowcast: {
    breached: 1,
    breachingSoon: 1,
    nextBreachInSec: 3.14321,
    nextBreachTs: 1795910122761,
    projectedIntervalSl: 0.712345678,
  },
});

const agent = (): AgentView => ({
  id: 'a-4',
  name: 'Hannah Clark',
  teamId: 't1',
  state: 'talking',
  reason: null,
  sinceTs: 1795910119618,
  callId: 'c-1',
  queueId: 'sales',
  queues: ['sales'],
  windows: { today: agentWindow(), '60m': agentWindow(), '15m': agentWindow() },
});

const roundedQueueWindow: QueueWindow = {
  offered: 7,
  answered: 3,
  answeredWithinSl: 1,
  abandoned: 3,
  abandonedShort: 1,
  serviceLevel: 0.1667,
  asaSec: 26.67,
  abandonRate: 0.5,
  maxWaitSec: 41.2,
  ahtSec: 187.33,
  avgTalkSec: 150.01,
  avgHoldSec: 0,
  avgAcwSec: null,
  occupancy: 0.9859,
  utilization: 0.9117,
  csat: 4.07,
  qa: 83.33,
  outbound: { dialed: 9, connected: 2, failed: 7, connectRate: 0.2222, callsPerAgentHour: 13.85, talkSec: 95.12 },
};

const roundedAgentWindow: AgentWindow = {
  handled: 48,
  missed: 2,
  talkSec: 46.32,
  ahtSec: 1.14,
  occupancy: 0.9859,
  utilization: 0.9117,
  csat: null,
  qa: 90,
  csatSurveys: 0,
  qaScores: 3,
  outbound: { dialed: 0, connected: 0, callsPerAgentHour: 0.33 },
};

describe('roundForWire', () => {
  it('rounds ratios to 4 decimals and seconds and means to 2, leaving counts, timestamps and settings', () => {
    const out = roundForWire({ queues: [queue()], agents: [agent()] });
    expect(out.queues[0]).toEqual({
      ...queue(),
      longestWaitSec: 41.23,
      windows: { today: roundedQueueWindow, '60m': roundedQueueWindow, '15m': roundedQueueWindow },
      staffing: { trafficErlangs: 3.78, agentsStaffed: 4, requiredAgents: 6, projectedServiceLevel: 0.4167 },
      nowcast: {
        breached: 1,
        breachingSoon: 1,
        nextBreachInSec: 3.14,
        nextBreachTs: 1795910122761,
        projectedIntervalSl: 0.7123,
      },
    });
    expect(out.agents[0]).toEqual({
      ...agent(),
      windows: { today: roundedAgentWindow, '60m': roundedAgentWindow, '15m': roundedAgentWindow },
    });
  });

  it('prints the short decimals on the wire', () => {
    const json = JSON.stringify(roundForWire({ queues: [queue()] }));
    expect(json).toContain('"serviceLevel":0.1667,');
    expect(json).toContain('"asaSec":26.67,');
    expect(json).not.toMatch(/\d\.\d{5,}/);
  });

  it('rounds interval rows and the centre; leaves alerts, faults, the cursor and asOf alone', () => {
    const alert = { id: 'sl:sales', value: 0.123456789, threshold: 0.8 } as unknown as Alert;
    const update: Update = {
      asOf: 1795910119618,
      cursor: '1795910119618-3',
      center: {
        waiting: 2,
        longestWaitSec: 3.14259,
        oldestWaitingTs: 1795910116476,
        agents: queue().agents,
        windows: queue().windows,
        staffing: queue().staffing,
      },
      intervals: [
        {
          id: 'center',
          rows: [
            {
              start: 1795881600000,
              offered: 3,
              answered: 2,
              answeredWithinSl: 1,
              abandoned: 1,
              abandonedShort: 0,
              serviceLevel: 1 / 3,
              asaSec: 12.3456,
              abandonRate: 1 / 3,
              peakWaiting: 2,
            },
          ],
        },
      ],
      faults: [{ id: 'f1', component: 'pbx', severity: 'minor', message: null, sinceTs: 1795910000001 }],
      alerts: [alert],
    };
    const out = roundForWire(update);
    expect(out.asOf).toBe(1795910119618);
    expect(out.cursor).toBe('1795910119618-3');
    expect(out.center!.longestWaitSec).toBe(3.14);
    expect(out.center!.oldestWaitingTs).toBe(1795910116476);
    expect(out.center!.windows['15m']).toEqual(roundedQueueWindow);
    expect(out.intervals![0]!.rows[0]).toEqual({
      start: 1795881600000,
      offered: 3,
      answered: 2,
      answeredWithinSl: 1,
      abandoned: 1,
      abandonedShort: 0,
      serviceLevel: 0.3333,
      asaSec: 12.35,
      abandonRate: 0.3333,
      peakWaiting: 2,
    });
    expect(out.faults).toBe(update.faults);
    expect(out.alerts![0]!.value).toBe(0.123456789);
  });

  it('adds no part the message lacks and leaves the input as it was', () => {
    const update: Update = { asOf: 1, cursor: '1-0', agents: [agent()] };
    const out = roundForWire(update);
    expect(Object.keys(out).sort()).toEqual(['agents', 'asOf', 'cursor']);
    expect(update.agents![0]!.windows.today.ahtSec).toBe(1.1390208333333331);
    expect(out.agents![0]!.windows.today.ahtSec).toBe(1.14);
  });

  it('reads windows an agent computes on first read', () => {
    let reads = 0;
    const { windows, ...rest } = agent();
    const lazy = Object.defineProperty(rest, 'windows', {
      enumerable: true,
      get: () => (reads++, windows),
    }) as AgentView;
    const out = roundForWire({ agents: [lazy] });
    expect(reads).toBe(1);
    expect(out.agents[0]!.windows['60m'].occupancy).toBe(0.9859);
  });
});
