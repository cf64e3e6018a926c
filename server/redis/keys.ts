// Every Redis key and consumer-group name Floorboard uses, in one place.

/** Where entries that cannot be folded are copied, with their original id and the reason. */
export const deadStream = (stream: string): string => `${stream}:dead`;

/** Each server node folds the whole stream under its own group (CONTRACT §1, FLOORBOARD_NODE_ID). */
export const groupName = (nodeId: string): string => `floorboard:${nodeId}`;

export const checkpointKey = (stream: string, nodeId: string): string => `floorboard:checkpoint:${stream}:${nodeId}`;

/** Stream: every alert change (fired, escalated, acknowledged, resolved), fields kind, at, alert (JSON). */
export const ALERT_HISTORY_STREAM = 'floorboard:alerts:history';

/** String: the book of alerts not yet resolved (JSON object by alert id), so a restart keeps acknowledgements. */
export const ALERT_BOOK_KEY = 'floorboard:alerts:active';

/** String: the rule list as an admin last saved it (JSON); absent while the config's rules apply. */
export const ALERT_RULES_KEY = 'floorboard:alerts:rules';

/** Stream: who did what when (fields who, what, at, detail JSON). Never trimmed: it is the record. */
export const AUDIT_STREAM = 'floorboard:audit';

/** Hash per person who signs in: name, role, passwordHash, agentId?, teams?, queues? (JSON lists). */
export const userKey = (username: string): string => `floorboard:user:${username}`;

/** Set of every username, so listing users needs no SCAN. */
export const USERS_SET = 'floorboard:users';

/** String with the session's username, expiring with the session (12 h). */
export const sessionKey = (sessionId: string): string => `floorboard:session:${sessionId}`;

/** Set of one user's session ids, so a password change or removal can end them all. */
export const userSessionsKey = (username: string): string => `floorboard:user-sessions:${username}`;

/** Counters of login attempts (rate-limiter-flexible keys `<prefix>:<kind>:<key>`), expiring 15 min after the first. */
export const LOGIN_ATTEMPTS_PREFIX = 'floorboard:login-attempts';

/** Hash of bulletins by id (JSON), expired ones kept a while for the record. */
export const BULLETINS_KEY = 'floorboard:bulletins';

/** Counter bumped with every bulletin change, so every node notices another node's edit. */
export const BULLETINS_VERSION_KEY = 'floorboard:bulletins:version';

/** String with the id of the node holding the cluster's lease (server/lease.ts), expiring unless renewed. */
export const leaseKey = (stream: string): string => `floorboard:lease:${stream}`;

/** Hash of acknowledgements made on any node (alert id → JSON { by, at, comment? }), until the lease holder applies them. */
export const ALERT_ACKS_KEY = 'floorboard:alerts:acks';

/** Counter bumped with every write to the alert book, acks or rules, so every node notices another node's change. */
export const ALERT_VERSION_KEY = 'floorboard:alerts:version';

/** Stream of supervisor actions for the CTI adapters (CONTRACT §7; field `command`, JSON of shared/actions.ts). */
export const commandsStream = (stream: string): string => `${stream}:commands`;

/** Hash per action: state (pending|taken|done|failed|expired), agentId, action, by, createdAt, expiresAt, adapter, message. */
export const actionKey = (id: string): string => `floorboard:action:${id}`;

/** Sorted set of actions not settled yet, scored by their deadline: to be taken (10 s), then to report (60 s). */
export const actionsOpenKey = (stream: string): string => `floorboard:actions:open:${stream}`;

/** Each CTI adapter reads the commands under its own group, so every adapter sees every command. */
export const ctiGroupName = (adapterId: string): string => `cti:${adapterId}`;

/** String (JSON AdapterRegistration) an adapter refreshes while it can act, expiring when it stops. */
export const adapterKey = (stream: string, adapterId: string): string =>
  `floorboard:cti:adapter:${stream}:${adapterId}`;

/** Set of adapter ids that registered for a stream (entries whose key expired are dropped by readers). */
export const adaptersSetKey = (stream: string): string => `floorboard:cti:adapters:${stream}`;

/** Hash of boards saved from the console (board id → JSON { board, by, at }); they win over the config file's. */
export const BOARDS_KEY = 'floorboard:boards';

/** Counter bumped with every board save or removal, so every node notices another node's edit. */
export const BOARDS_VERSION_KEY = 'floorboard:boards:version';

/** Pub/sub channel: a console's command for one board's walls (replay or back to live), to every node. */
export const replayWallsChannel = (stream: string): string => `floorboard:replay:walls:${stream}`;

/** Pub/sub channel: each node's answer to a wall command (how many of the board's walls it holds). */
export const replayAnswersChannel = (stream: string): string => `floorboard:replay:answers:${stream}`;
