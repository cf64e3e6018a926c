// The engine: a pure fold of the event log into state, and a pure view of that state at an instant.
export { createState, applyConfig, type EngineState } from './state.ts';
export { tsInRange, type FoldContext, type FoldLimits } from './admission.ts';
export { fold, type FoldOutcome } from './fold.ts';
export { view, windowStarts, type View } from './view.ts';
export { agentTimeline, explain, queueDetail } from './queries.ts';
