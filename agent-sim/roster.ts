// Who works on the simulated floor and which queues exist. The roster depends only on the agent and queue
// counts (not on the run's seed), so a restarted simulator brings back the same people in the same teams.
import { Random } from './random.ts';

export type Outcome = 'resolved' | 'sale' | 'complaint' | 'callback';

export interface QueueProfile {
  id: string;
  /** Share of the centre's inbound calls (the shares of a floor's queues sum to 1). */
  share: number;
  talkMeanSec: number;
  talkSdSec: number;
  outcomes: readonly (readonly [Outcome, number])[];
}

export interface AgentSpec {
  id: string;
  name: string;
  teamId: string;
  queues: string[];
  outbound: boolean;
}

export const CAMPAIGN_QUEUE = 'campaign';
export const MAX_QUEUES = 50;

type Profile = Omit<QueueProfile, 'share'>;

const KNOWN_QUEUES: Profile[] = [
  {
    id: 'sales',
    talkMeanSec: 270,
    talkSdSec: 160,
    outcomes: [
      ['sale', 0.35],
      ['resolved', 0.43],
      ['callback', 0.14],
      ['complaint', 0.08],
    ],
  },
  {
    id: 'support',
    talkMeanSec: 300,
    talkSdSec: 180,
    outcomes: [
      ['resolved', 0.74],
      ['callback', 0.12],
      ['complaint', 0.1],
      ['sale', 0.04],
    ],
  },
  {
    id: 'billing',
    talkMeanSec: 210,
    talkSdSec: 120,
    outcomes: [
      ['resolved', 0.7],
      ['complaint', 0.15],
      ['callback', 0.12],
      ['sale', 0.03],
    ],
  },
  {
    id: 'technical',
    talkMeanSec: 330,
    talkSdSec: 200,
    outcomes: [
      ['resolved', 0.68],
      ['callback', 0.18],
      ['complaint', 0.12],
      ['sale', 0.02],
    ],
  },
  {
    id: 'retention',
    talkMeanSec: 280,
    talkSdSec: 150,
    outcomes: [
      ['sale', 0.3],
      ['resolved', 0.4],
      ['complaint', 0.18],
      ['callback', 0.12],
    ],
  },
  {
    id: 'claims',
    talkMeanSec: 260,
    talkSdSec: 150,
    outcomes: [
      ['resolved', 0.66],
      ['callback', 0.2],
      ['complaint', 0.14],
    ],
  },
  {
    id: 'orders',
    talkMeanSec: 200,
    talkSdSec: 110,
    outcomes: [
      ['resolved', 0.6],
      ['sale', 0.3],
      ['callback', 0.05],
      ['complaint', 0.05],
    ],
  },
  {
    id: 'returns',
    talkMeanSec: 190,
    talkSdSec: 100,
    outcomes: [
      ['resolved', 0.78],
      ['complaint', 0.12],
      ['callback', 0.1],
    ],
  },
];
const GENERIC_QUEUE: Omit<Profile, 'id'> = {
  talkMeanSec: 240,
  talkSdSec: 150,
  outcomes: [
    ['resolved', 0.72],
    ['callback', 0.12],
    ['complaint', 0.09],
    ['sale', 0.07],
  ],
};

export const CAMPAIGN_PROFILE: QueueProfile = {
  id: CAMPAIGN_QUEUE,
  share: 0,
  talkMeanSec: 180,
  talkSdSec: 100,
  outcomes: [
    ['resolved', 0.55],
    ['sale', 0.22],
    ['callback', 0.16],
    ['complaint', 0.07],
  ],
};

/** The inbound queues of a floor, largest share first: sales, support, billing, … then queue-9, queue-10, … */
export function inboundQueues(count: number): QueueProfile[] {
  const profiles: Profile[] = [];
  for (let k = 0; k < count; k++) profiles.push(KNOWN_QUEUES[k] ?? { id: `queue-${k + 1}`, ...GENERIC_QUEUE });
  // Unequal but not extreme shares: the k-th queue gets weight 1/√k.
  const weights = profiles.map((_, k) => 1 / Math.sqrt(k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return profiles.map((p, k) => ({ ...p, share: weights[k]! / total }));
}

/** Agents on the outbound campaign team: about 15 %, at least one once the floor has 5 agents. */
export function outboundCount(agents: number): number {
  return agents >= 5 ? Math.max(1, Math.round(agents * 0.15)) : 0;
}

const WESTERN_FIRST = [
  'Alice',
  'Ben',
  'Chloe',
  'Daniel',
  'Emma',
  'Felix',
  'Grace',
  'Henry',
  'Isla',
  'Jack',
  'Karen',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
  'Peter',
  'Quinn',
  'Rachel',
  'Samuel',
  'Tara',
  'Umar',
  'Vera',
  'William',
  'Xavier',
  'Yasmin',
  'Zoe',
  'Aaron',
  'Bella',
  'Carlos',
  'Diana',
  'Ethan',
  'Fatima',
  'George',
  'Hannah',
  'Ivan',
  'Julia',
];
const WESTERN_LAST = [
  'Chen',
  'Smith',
  'Johnson',
  'Garcia',
  'Miller',
  'Davis',
  'Martin',
  'Lopez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Carter',
  'Phillips',
  'Evans',
];
// Chinese names are written surname first, as they would be on a floor in China.
const CHINESE_SURNAMES = [
  'Wang',
  'Li',
  'Zhang',
  'Liu',
  'Chen',
  'Yang',
  'Huang',
  'Zhao',
  'Wu',
  'Zhou',
  'Xu',
  'Sun',
  'Ma',
  'Zhu',
  'Hu',
  'Guo',
  'He',
  'Lin',
  'Gao',
  'Luo',
];
const CHINESE_GIVEN = [
  'Wei',
  'Fang',
  'Na',
  'Min',
  'Jing',
  'Lei',
  'Yang',
  'Yan',
  'Jie',
  'Tao',
  'Ming',
  'Chao',
  'Xiu Ying',
  'Hui',
  'Qiang',
  'Lan',
  'Jun',
  'Ping',
  'Xin',
  'Yu',
  'Hao',
  'Ying',
  'Bo',
  'Li Na',
];
const CHINESE_SHARE = 0.3;

// A fixed seed for the roster alone; the run's seed drives only what happens on the floor.
const ROSTER_SEED = 0x5eed_f100;

/**
 * The floor's agents: inbound teams of about ten (t1, t2, …), each inbound agent skilled for one or two queues
 * (every queue covered), then the outbound campaign team as the last team.
 */
export function buildRoster(agents: number, queues: readonly QueueProfile[]): AgentSpec[] {
  const rng = new Random(ROSTER_SEED);
  const outbound = outboundCount(agents);
  const inbound = agents - outbound;
  const inboundTeams = inbound > 0 ? Math.max(1, Math.round(inbound / 10)) : 0;
  const names = uniqueNames(rng, agents);

  const primaries = allocatePrimaries(rng, inbound, queues);
  const roster: AgentSpec[] = [];
  for (let i = 0; i < inbound; i++) {
    const primary = primaries[i]!;
    const skills = [primary];
    if (queues.length > 1 && rng.chance(0.45)) {
      const others = queues.filter((q) => q.id !== primary).map((q) => [q.id, q.share] as const);
      skills.push(rng.weighted(others));
    }
    roster.push({
      id: `a-${i + 1}`,
      name: names[i]!,
      teamId: `t${Math.floor((i * inboundTeams) / inbound) + 1}`,
      queues: skills,
      outbound: false,
    });
  }
  // With fewer agents than queues some queue has no primary agent; give it to someone as an extra skill.
  const covered = new Set(roster.flatMap((a) => a.queues));
  let next = 0;
  for (const q of queues) {
    if (covered.has(q.id) || roster.length === 0) continue;
    roster[next % roster.length]!.queues.push(q.id);
    next++;
  }
  for (let j = 0; j < outbound; j++) {
    roster.push({
      id: `a-${inbound + j + 1}`,
      name: names[inbound + j]!,
      teamId: `t${inboundTeams + 1}`,
      queues: [CAMPAIGN_QUEUE],
      outbound: true,
    });
  }
  return roster;
}

// Primary skills in proportion to the queues' shares (largest remainder), at least one agent per queue when
// there are enough agents, shuffled so teams mix queues.
function allocatePrimaries(rng: Random, inbound: number, queues: readonly QueueProfile[]): string[] {
  const counts = queues.map((q) => Math.floor(q.share * inbound));
  if (inbound >= queues.length) for (let k = 0; k < counts.length; k++) counts[k] = Math.max(1, counts[k]!);
  let assigned = counts.reduce((a, b) => a + b, 0);
  const byRemainder = queues
    .map((q, k) => ({ k, rem: q.share * inbound - Math.floor(q.share * inbound) }))
    .sort((x, y) => y.rem - x.rem || x.k - y.k);
  for (let r = 0; assigned < inbound; r++, assigned++) counts[byRemainder[r % byRemainder.length]!.k]!++;
  // Forcing a minimum of one may overshoot; take the excess back from the largest queues.
  while (assigned > inbound) {
    let largest = 0;
    for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[largest]!) largest = k;
    counts[largest]!--;
    assigned--;
  }
  const list: string[] = [];
  queues.forEach((q, k) => {
    for (let n = 0; n < counts[k]!; n++) list.push(q.id);
  });
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

function uniqueNames(rng: Random, count: number): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    let name = '';
    for (let attempt = 0; attempt < 20 && (name === '' || seen.has(name)); attempt++) {
      name = rng.chance(CHINESE_SHARE)
        ? `${rng.pick(CHINESE_SURNAMES)} ${rng.pick(CHINESE_GIVEN)}`
        : `${rng.pick(WESTERN_FIRST)} ${rng.pick(WESTERN_LAST)}`;
    }
    // Very large floors run out of combinations; a number keeps names distinct on the wall.
    if (seen.has(name)) name = `${name} ${i + 1}`;
    seen.add(name);
    names.push(name);
  }
  return names;
}
