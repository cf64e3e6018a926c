// What `npm start` prints once the demo is up: every screen and endpoint, each with credentials that work.
// One line per entry point, "  <label>: <where>  <how to get in>", so people and tests read it alike.

export interface DemoPrintout {
  url: string;
  readySec: number;
  displayToken: string;
  adminToken: string;
  supervisor: { username: string; password: string };
  agent: { username: string; password: string; agentId: string };
  /** The demo's Redis, and whether the demo started it (then it is the demo's own, wiped at each start). */
  redis: { url: string; private: boolean };
  /** The demo's PostgreSQL (without its password), and whether the demo started it. */
  database: { url: string; private: boolean };
  /** Where the printed report query starts: the demo's history reaches back so far. */
  reportsFrom: number;
  timezone: string;
  /** Where the zone came from, e.g. "the machine's zone". */
  timezoneSource: string;
}

export function entryPointLines(p: DemoPrintout): string[] {
  const wall = `${p.url}/wall/default?token=${p.displayToken}`;
  const entries: [label: string, line: string][] = [
    ['Wallboard', `${wall}   (${p.url}/ leads there too; add &lang=zh-CN for Chinese)`],
    ['Supervisor console', `${p.url}/login   user ${p.supervisor.username}   password ${p.supervisor.password}`],
    [
      "Agent's view",
      `${p.url}/login   user ${p.agent.username}   password ${p.agent.password}   (agent ${p.agent.agentId})`,
    ],
    ['Reports page', `${p.url}/reports   (signed in as the supervisor; the last 14 days, printable to A4)`],
    [
      'Reports',
      `curl -H 'Authorization: Bearer ${p.adminToken}' '${p.url}/api/v1/reports/intervals?scope=queue&step=day&from=${p.reportsFrom}&to=${p.reportsFrom + 15 * 86_400_000}&format=csv'`,
    ],
    ['Metrics', `${p.url}/metrics   (open from this machine; elsewhere with the admin token)`],
    ['Health', `${p.url}/api/v1/health`],
    ['Snapshot', `curl -H 'Authorization: Bearer ${p.adminToken}' ${p.url}/api/v1/snapshot`],
    ['Redis', `${p.redis.url}   (${p.redis.private ? "the demo's own, fresh each start" : 'shared, never wiped'})`],
    ['PostgreSQL', `${p.database.url}   (${p.database.private ? "the demo's own, under .floorboard/pg" : 'shared'})`],
    ['Users', `REDIS_URL=${p.redis.url} npm run user -- list`],
  ];
  const width = Math.max(...entries.map(([label]) => label.length)) + 1;
  return [
    '',
    `Floorboard is running (ready ${p.readySec.toFixed(1)} s after the command started).`,
    '',
    ...entries.map(([label, line]) => `  ${`${label}:`.padEnd(width)}  ${line}`),
    '',
    `  Admin token:   ${p.adminToken}`,
    `  Display token: ${p.displayToken}`,
    '',
    `  "Today" runs from midnight in ${p.timezone} (${p.timezoneSource}).`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
}
