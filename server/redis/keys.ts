// Every Redis key and consumer-group name Floorboard uses, in one place.

/** Where entries that cannot be folded are copied, with their original id and the reason. */
export const deadStream = (stream: string): string => `${stream}:dead`;

/** Each server node folds the whole stream under its own group (CONTRACT §1, FLOORBOARD_NODE_ID). */
export const groupName = (nodeId: string): string => `floorboard:${nodeId}`;

export const checkpointKey = (stream: string, nodeId: string): string => `floorboard:checkpoint:${stream}:${nodeId}`;
