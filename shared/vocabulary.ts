// The words the snapshot and the alert rules share (agent states, metric windows), in a module of their own so
// that neither depends on the other for them (no import cycle between shared/snapshot.ts and shared/alerts.ts).

export const AGENT_STATES = ['offline', 'available', 'dialing', 'talking', 'hold', 'acw', 'aux'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const WINDOW_NAMES = ['today', '60m', '15m'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];
