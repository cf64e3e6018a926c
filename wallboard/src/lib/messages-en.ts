// Every sentence and label the wall shows, in English: the table the zh-CN one is typed against.
import type { Activity } from '../../../shared/schedules.ts';
import type { Comparator, MetricName } from '../../../shared/alerts.ts';
import type { AgentState, WindowName } from '../../../shared/snapshot.ts';
import type { PageKind } from '../../../shared/boards.ts';

export type StateLabels = Record<AgentState, string>;

const enStates: StateLabels = {
  offline: 'Offline',
  available: 'Available',
  dialing: 'Dialing',
  talking: 'Talking',
  hold: 'On hold',
  acw: 'Wrap-up',
  aux: 'Aux',
};

export const en = {
  brand: 'Floorboard',
  connection: { live: 'Live', delayed: 'Delayed', offline: 'Reconnecting', replay: 'Replay' },
  stale: {
    reconnecting: (age: string) => `Data is ${age} old — reconnecting…`,
    waiting: (age: string) => `Data is ${age} old — waiting for the server…`,
    feed: (since: string, reason: string, age: string) =>
      `No new events since ${since}, ${age} ago (${reason}) — numbers are not current`,
  },
  /** The banner of a screen showing the past (CONTRACT §9): never to be taken for the live floor. */
  replay: { banner: (time: string) => `REPLAY ${time}`, note: 'Recorded floor — not live' },
  alerts: {
    severity: { info: 'Notice', warning: 'Warning', critical: 'Alarm' },
    acknowledged: (by: string) => `acknowledged by ${by}`,
    more: (n: number) => `+${n} more`,
    // The parts of an alert's sentence (alert-text.ts), each taking figures already formatted. English screens
    // show the server's own sentence (alert.message), so these English entries only give the tables one shape.
    text: {
      entity: (name: string, text: string) => `${name}: ${text}`,
      windows: { today: "today's ", '60m': '60-min ', '15m': '15-min ' } satisfies Record<WindowName, string>,
      metrics: {
        serviceLevel: 'service level',
        serviceLevelVsTarget: 'service level vs target',
        asaSec: 'average speed of answer',
        abandonRate: 'abandon rate',
        ahtSec: 'average handle time',
        occupancy: 'occupancy',
        waiting: 'calls waiting',
        longestWaitSec: 'longest wait',
        breachingSoon: 'calls about to breach',
        projectedIntervalSl: 'projected interval service level',
        agentsAvailable: 'agents available',
        timeInStateSec: 'time in state',
        openFaults: 'open faults',
        feedSilentSec: 'time since the last event',
        adherence: 'schedule adherence',
        outOfAdherenceSec: 'time out of adherence',
      } satisfies Record<MetricName, string>,
      comparators: { '<': 'below', '<=': 'at or below', '>': 'above', '>=': 'at or above' } satisfies Record<
        Comparator,
        string
      >,
      unknown: 'unknown',
      lasting: (age: string) => ` for ${age}`,
      breach: (what: string, value: string, comparator: string, limit: string) =>
        `${what} ${value} ${comparator} ${limit}`,
      backTo: (what: string, value: string) => `${what} back to ${value}`,
      backToNormal: (what: string) => `${what} back to normal`,
      slBelow: (window: string, sl: string, target: string, points: string) =>
        `${window}service level ${sl}, ${points} pts below target ${target}`,
      slAbove: (window: string, sl: string, target: string, points: string) =>
        `${window}service level ${sl}, ${points} pts above target ${target}`,
      slAt: (window: string, sl: string, target: string) => `${window}service level ${sl}, at target ${target}`,
      slBack: (window: string, sl: string, target: string) => `${window}service level back to ${sl} (target ${target})`,
      otherReason: (reason: string) => `in aux (${reason})`,
      inState: (doing: string, duration: string, limit: string) => `${doing} for ${duration} (limit ${limit})`,
      nowIn: (doing: string) => `now ${doing}`,
      faultSeverities: { minor: 'minor', major: 'major', critical: 'critical' } as Record<string, string>,
      faultKinds: (severities: string[]) => severities.join('/'),
      noFaults: (kinds: string) => `no open ${kinds ? `${kinds} ` : ''}faults`,
      faults: (count: string, kinds: string, components: string[], more: string) =>
        `${count} open ${kinds ? `${kinds} ` : ''}fault(s) (${components.join('; ')}${more ? `; ${more} more` : ''})`,
      noAgents: 'no agents logged in',
      eventsAgain: 'events arriving again',
      feedSilent: (age: string, agents: string) => `no events for ${age} while ${agents} agent(s) are logged in`,
      withdrawn: (rule: string) => `alert withdrawn, its rule "${rule}" no longer applies`,
    },
  },
  screens: {
    connecting: { title: 'Connecting…', detail: 'Waiting for the first data from the Floorboard server.' },
    noToken: {
      title: 'This display has no token',
      detail: 'Open the board with its display token in the address: /wall/<board>?token=…',
    },
    refused: {
      title: "This display's token was refused",
      unauthorized: 'The server does not recognise the token. Ask an administrator for a valid display token.',
      forbidden: 'The token is valid but may not open this board. Ask an administrator for a display token.',
      other: (reason: string) => `The server said: ${reason}`,
      retrying: 'The display will try again every minute.',
    },
    unknownBoard: {
      title: 'Unknown board',
      detail: (board: string) => `No board named “${board}” is configured. Check the address, e.g. /wall/default.`,
    },
    unreachable: {
      title: 'Cannot reach the Floorboard server',
      detail: (reason: string) => `Loading the board failed (${reason}). Trying again every few seconds.`,
    },
    notFound: {
      title: 'Page not found',
      detail: (path: string) => `Nothing is served at ${path}. Boards live at /wall/<board>, e.g. /wall/default.`,
    },
  },
  pages: { queues: 'Queues', agents: 'Agents', trends: 'Trends', leaders: 'Leaders' } satisfies Record<
    PageKind,
    string
  >,
  windows: { today: 'today', '60m': '60 min', '15m': '15 min' } satisfies Record<WindowName, string>,
  now: 'now',
  center: { title: 'Whole center', waiting: 'Calls waiting', longestWait: 'Longest wait', sl: 'Service level' },
  queue: {
    waiting: 'Waiting',
    longestWait: 'Longest wait',
    sl: 'SL',
    target: (t: string) => `target ${t}`,
    asa: 'ASA',
    abandonRate: 'Abandoned',
    staffing: 'Staffed / needed',
  },
  nowcast: {
    soon: 'About to breach',
    next: (d: string) => `next breach in ${d}`,
    none: 'no breach due',
    over: (n: string) => `${n} over`,
    projected: (p: string) => `this interval heading for ${p}`,
  },
  kpi: {
    asa: 'ASA',
    aht: 'AHT',
    abandonRate: 'Abandoned',
    occupancy: 'Occupancy',
    staffing: 'Staffed / needed',
    outbound: 'Dials / connects',
    csat: 'CSAT',
    qa: 'QA score',
  },
  agents: { ...enStates, onCall: 'On call', loggedIn: 'Logged in' },
  states: enStates,
  reasons: {
    break: 'Break',
    lunch: 'Lunch',
    meeting: 'Meeting',
    training: 'Training',
    coaching: 'Coaching',
  } as Record<string, string>,
  status: { good: 'on target', warn: 'warning', bad: 'alarm' },
  pager: (page: number, count: number) => `Queues, page ${page} of ${count}`,
  noQueues: 'No queues yet: they appear with their first call.',
  grid: {
    page: (page: number, count: number) => `Agents, page ${page} of ${count}`,
    noTeam: 'No team',
    continued: (team: string) => `${team} (cont.)`,
    noAgents: 'No agents logged in.',
    agentsIn: (n: string) => `${n} agents`,
    adherence: (pct: string) => `Adherence ${pct}`,
    /** What an agent out of adherence is scheduled to be doing. */
    shouldBe: (activity: string) => `→ ${activity}`,
    outOfAdherence: 'Out of adherence',
  },
  activities: {
    work: 'Work',
    break: 'Break',
    lunch: 'Lunch',
    meeting: 'Meeting',
    training: 'Training',
    coaching: 'Coaching',
    off: 'Off',
  } satisfies Record<Activity, string>,
  trends: {
    arrivals: 'Calls offered and answered, per 15 minutes',
    sl: 'Service level per 15 minutes',
    peakWaiting: 'Most calls waiting, per 15 minutes',
    live: 'Calls waiting since this screen opened',
    offered: 'Offered',
    answered: 'Answered',
    abandoned: 'Abandoned',
    target: 'Target',
    waiting: 'Waiting',
    lastWeek: 'Same day last week',
    noIntervals: 'No 15-minute figures yet today.',
  },
  leaders: {
    title: 'Top agents today',
    handled: 'Most calls handled',
    csat: 'Best customer satisfaction',
    qa: 'Best quality score',
    outstanding: 'Outstanding agent',
    stars: (n: string) => `${n} of 5 stars`,
    calls: 'calls',
    none: 'No results yet today.',
  },
  ticker: 'Bulletin',
  builtIn: {
    name: 'Floor',
    slLine: (sl: string, sec: string) => `Service level target: ${sl} of calls answered within ${sec} seconds.`,
    welcome: 'Welcome to the floor. Post bulletins from the supervisor console.',
  },
  urgent: 'Urgent',
  until: (time: string) => `until ${time}`,
  freshness: { old: (age: string) => `${age} old` },
  badPage: {
    title: 'No such page on this board',
    detail: (asked: string, count: number, kinds: string) =>
      `“${asked}” is not one of this board's ${count} pages (1–${count}, or ${kinds}).`,
  },
  outbound: {
    dialed: 'Dials',
    connected: 'Connects',
    connectRate: 'Contact rate',
    perAgentHour: 'Dials per agent-hour',
  },
  leadersMin: (n: string, what: string) => `ranked from ${n} ${what}`,
  surveys: 'surveys',
  scores: 'scored calls',
  sample: (n: string) => `n = ${n}`,
};

export type Messages = typeof en;
