// The seek thread's entry (server/replay/seek-thread.ts): a worker does not inherit the tsx loader of the process
// that starts it (`tsx`, `node --import tsx`, or vitest, which has none), so it registers its own before loading
// the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./seek-thread.ts');
