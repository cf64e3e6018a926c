// Every sentence and label the wall shows, in English and Chinese (zh-CN), one table per language.
// The Chinese terms follow the operations manual (呼叫中心运营管理手册) where it has one.
import type { Comparator, MetricName } from '../../../shared/alerts.ts';
import type { AgentState, WindowName } from '../../../shared/snapshot.ts';
import type { PageKind } from '../../../shared/boards.ts';
import type { Locale } from './format.ts';

type StateLabels = Record<AgentState, string>;

const enStates: StateLabels = {
  offline: 'Offline',
  available: 'Available',
  dialing: 'Dialing',
  talking: 'Talking',
  hold: 'On hold',
  acw: 'Wrap-up',
  aux: 'Aux',
};

const en = {
  brand: 'Floorboard',
  connection: { live: 'Live', delayed: 'Delayed', offline: 'Reconnecting' },
  stale: {
    reconnecting: (age: string) => `Data is ${age} old — reconnecting…`,
    waiting: (age: string) => `Data is ${age} old — waiting for the server…`,
    feed: (since: string, reason: string, age: string) =>
      `No new events since ${since}, ${age} ago (${reason}) — numbers are not current`,
  },
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
  },
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

const zhStates: StateLabels = {
  offline: '离线',
  available: '空闲',
  dialing: '外呼中',
  talking: '通话中',
  hold: '保持',
  acw: '话后处理',
  aux: '示忙',
};

const zhCN: Messages = {
  brand: 'Floorboard',
  connection: { live: '实时', delayed: '延迟', offline: '重新连接中' },
  stale: {
    reconnecting: (age: string) => `数据已 ${age} 未更新 — 正在重新连接…`,
    waiting: (age: string) => `数据已 ${age} 未更新 — 等待服务器…`,
    feed: (since: string, reason: string, age: string) =>
      `自 ${since} 起没有新事件，已过 ${age}（${reason}）— 数字不是最新的`,
  },
  alerts: {
    severity: { info: '提示', warning: '预警', critical: '告警' },
    acknowledged: (by: string) => `${by} 已确认`,
    more: (n: number) => `另有 ${n} 条`,
    text: {
      entity: (name: string, text: string) => `${name}：${text}`,
      windows: { today: '今日', '60m': '近 60 分钟', '15m': '近 15 分钟' },
      metrics: {
        serviceLevel: '服务水平',
        serviceLevelVsTarget: '服务水平与目标之差',
        asaSec: '平均应答速度',
        abandonRate: '放弃率',
        ahtSec: '平均处理时长',
        occupancy: '座席负荷率',
        waiting: '排队数',
        longestWaitSec: '最长等待时间',
        breachingSoon: '即将超时来电',
        projectedIntervalSl: '本时段预计服务水平',
        agentsAvailable: '空闲座席数',
        timeInStateSec: '状态持续时长',
        openFaults: '未恢复故障数',
        feedSilentSec: '距上一事件时长',
      },
      comparators: { '<': '低于', '<=': '不高于', '>': '高于', '>=': '不低于' },
      unknown: '未知',
      lasting: (age: string) => `，已持续 ${age}`,
      breach: (what: string, value: string, comparator: string, limit: string) =>
        `${what} ${value}，${comparator} ${limit}`,
      backTo: (what: string, value: string) => `${what}已恢复至 ${value}`,
      backToNormal: (what: string) => `${what}已恢复正常`,
      slBelow: (window: string, sl: string, target: string, points: string) =>
        `${window}服务水平 ${sl}，低于目标 ${target} 共 ${points} 个百分点`,
      slAbove: (window: string, sl: string, target: string, points: string) =>
        `${window}服务水平 ${sl}，高于目标 ${target} 共 ${points} 个百分点`,
      slAt: (window: string, sl: string, target: string) => `${window}服务水平 ${sl}，与目标 ${target} 持平`,
      slBack: (window: string, sl: string, target: string) => `${window}服务水平已恢复至 ${sl}（目标 ${target}）`,
      otherReason: (reason: string) => `示忙（${reason}）`,
      inState: (doing: string, duration: string, limit: string) => `${doing}已持续 ${duration}（上限 ${limit}）`,
      nowIn: (doing: string) => `当前${doing}`,
      faultSeverities: { minor: '次要', major: '重要', critical: '严重' },
      faultKinds: (severities: string[]) => severities.join('、'),
      noFaults: (kinds: string) => `没有未恢复的${kinds}故障`,
      faults: (count: string, kinds: string, components: string[], more: string) =>
        `${count} 个未恢复的${kinds}故障（${components.join('、')}${more ? `，另有 ${more} 个` : ''}）`,
      noAgents: '没有座席登录',
      eventsAgain: '已恢复接收事件',
      feedSilent: (age: string, agents: string) => `已 ${age} 未收到事件，当前有 ${agents} 名座席登录`,
      withdrawn: (rule: string) => `规则“${rule}”已不再适用，告警撤销`,
    },
  },
  screens: {
    connecting: { title: '正在连接…', detail: '等待 Floorboard 服务器的首批数据。' },
    noToken: { title: '此显示屏没有令牌', detail: '请在地址中带上显示令牌打开看板：/wall/<看板>?token=…' },
    refused: {
      title: '此显示屏的令牌被拒绝',
      unauthorized: '服务器不认识此令牌。请向管理员索取有效的显示令牌。',
      forbidden: '令牌有效，但无权打开此看板。请向管理员索取显示令牌。',
      other: (reason: string) => `服务器返回：${reason}`,
      retrying: '显示屏将每分钟重试一次。',
    },
    unknownBoard: {
      title: '未知看板',
      detail: (board: string) => `没有名为“${board}”的看板。请检查地址，例如 /wall/default。`,
    },
    unreachable: {
      title: '无法连接 Floorboard 服务器',
      detail: (reason: string) => `加载看板失败（${reason}）。每隔几秒自动重试。`,
    },
    notFound: {
      title: '页面不存在',
      detail: (path: string) => `${path} 没有内容。看板地址为 /wall/<看板>，例如 /wall/default。`,
    },
  },
  pages: { queues: '队列', agents: '座席', trends: '趋势', leaders: '排行榜' },
  windows: { today: '今日', '60m': '60分钟', '15m': '15分钟' },
  now: '当前',
  center: { title: '全中心', waiting: '排队数', longestWait: '最长等待时间', sl: '服务水平' },
  queue: {
    waiting: '排队数',
    longestWait: '最长等待',
    sl: '服务水平',
    target: (t: string) => `目标 ${t}`,
    asa: '平均应答速度',
    abandonRate: '放弃率',
    staffing: '在岗 / 需要',
  },
  nowcast: {
    soon: '即将超时',
    next: (d: string) => `${d} 后超时`,
    none: '暂无超时',
    over: (n: string) => `已超时 ${n}`,
    projected: (p: string) => `本时段预计 ${p}`,
  },
  kpi: {
    asa: '平均应答速度',
    aht: '平均处理时长',
    abandonRate: '放弃率',
    occupancy: '座席负荷率',
    staffing: '在岗 / 需要座席',
    outbound: '呼出 / 接通',
    csat: '客户满意度',
    qa: '质检得分',
  },
  agents: { ...zhStates, onCall: '通话', loggedIn: '已登录' },
  states: zhStates,
  reasons: { break: '休息', lunch: '午餐', meeting: '班例会', training: '培训', coaching: '辅导' },
  status: { good: '达标', warn: '预警', bad: '告警' },
  pager: (page: number, count: number) => `队列 第 ${page} / ${count} 页`,
  noQueues: '暂无队列：首个来电到达后显示。',
  grid: {
    page: (page: number, count: number) => `座席 第 ${page} / ${count} 页`,
    noTeam: '未分组',
    continued: (team: string) => `${team}（续）`,
    noAgents: '没有已登录的座席。',
    agentsIn: (n: string) => `${n} 名座席`,
  },
  trends: {
    arrivals: '每15分钟呼入量与接听量',
    sl: '每15分钟服务水平',
    peakWaiting: '每15分钟最高排队数',
    live: '本屏打开以来的排队数',
    offered: '呼入',
    answered: '接听',
    abandoned: '放弃',
    target: '目标',
    waiting: '排队',
    lastWeek: '上周同日',
    noIntervals: '今日暂无15分钟数据。',
  },
  leaders: {
    title: '今日优秀座席',
    handled: '接听量最多',
    csat: '客户满意度最高',
    qa: '质检得分最高',
    outstanding: '优秀话务员',
    stars: (n: string) => `星级评定 ${n} / 5`,
    calls: '通',
    none: '今日暂无成绩。',
  },
  ticker: '公告牌',
  builtIn: {
    name: '现场',
    slLine: (sl: string, sec: string) => `服务水平目标：${sec} 秒内接通 ${sl} 的来电。`,
    welcome: '欢迎来到现场。公告可在班长控制台发布。',
  },
  urgent: '紧急',
  until: (time: string) => `至 ${time}`,
  freshness: { old: (age: string) => `已过 ${age}` },
  badPage: {
    title: '本看板没有此页',
    detail: (asked: string, count: number, kinds: string) =>
      `“${asked}”不是本看板的 ${count} 页之一（1–${count}，或 ${kinds}）。`,
  },
  outbound: { dialed: '外呼', connected: '接通', connectRate: '接通率', perAgentHour: '每座席小时外呼' },
  leadersMin: (n: string, what: string) => `至少 ${n} ${what}才参与排名`,
  surveys: '份评价',
  scores: '次质检',
  sample: (n: string) => `n = ${n}`,
};

export const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };
