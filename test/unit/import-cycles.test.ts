// No runtime import cycle among the sources (issue 12): a cycle makes a module's bindings undefined while the
// other one is still loading, depending on which is imported first.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles } from '../helpers/import-graph.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('import graph', () => {
  it('has no runtime import cycle in server, shared, agent-sim, wallboard/src, bench and the tests', () => {
    expect(
      importCycles(ROOT, [
        'server',
        'shared',
        'agent-sim',
        'wallboard/src',
        'bench',
        'test/helpers',
        'test/unit',
        'test/integration',
        'test/e2e',
      ]),
    ).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const cycles = importCycles(ROOT, ['test/fixtures/import-cycle']);
    expect(cycles).toEqual([['test/fixtures/import-cycle/a.ts', 'test/fixtures/import-cycle/b.ts']]);
  });
});
