// The engine: a pure fold of the event log into state, and a pure view of that state at an instant.
export { createState, applyConfig, type EngineState } from './state.ts';
export { foldLimits, tsInRange, type FoldContext, type FoldLimits } from './admission.ts';
export { fold } from './fold.ts';
export { view, type View } from './view.ts';
