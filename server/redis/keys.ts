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
