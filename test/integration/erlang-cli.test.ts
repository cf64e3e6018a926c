// Runs the real CLI as a child process, the way `npm run erlang` does (minus npm's own startup).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsxCli = `${root}node_modules/tsx/dist/cli.mjs`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function erlang(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, 'server/cli/erlang.ts', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const CLASSIC = ['--calls', '360', '--interval', '1800', '--aht', '240', '--threshold', '20'];

describe('npm run erlang', () => {
  it('--json prints one object with the contract keys and the independently computed values', async () => {
    const r = await erlang(...CLASSIC, '--agents', '55', '--shrinkage', '0.3', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as Record<string, number | null>;
    expect(Object.keys(out).sort()).toEqual([
      'asaSec',
      'occupancy',
      'probWait',
      'requiredAgents',
      'requiredAgentsWithShrinkage',
      'serviceLevel',
      'trafficErlangs',
    ]);
    expect(out.trafficErlangs).toBe(48);
    expect(out.probWait).toBeCloseTo(0.2387009364, 9);
    expect(out.serviceLevel).toBeCloseTo(0.8667964882, 9);
    expect(out.asaSec).toBeCloseTo(8.1840321044, 8);
    expect(out.occupancy).toBeCloseTo(0.8727272727, 9);
    expect(out.requiredAgents).toBe(54);
    expect(out.requiredAgentsWithShrinkage).toBe(78);
  });

  it('--target and --max-occupancy reach the calculation', async () => {
    const r = await erlang(...CLASSIC, '--agents', '55', '--target', '0.9', '--max-occupancy', '0.8', '--json');
    expect(r.code).toBe(0);
    // SL alone would need 56 for 90%; 48/N ≤ 0.8 needs 60.
    expect(JSON.parse(r.stdout)).toMatchObject({ requiredAgents: 60, requiredAgentsWithShrinkage: 60 });
  });

  it('warns on stderr when the queue is unstable and still prints the result', async () => {
    const r = await erlang(...CLASSIC, '--agents', '48', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unstable/);
    expect(JSON.parse(r.stdout)).toMatchObject({ probWait: 1, serviceLevel: 0, asaSec: null, requiredAgents: 54 });
  });

  it('prints a readable table without --json', async () => {
    const r = await erlang(...CLASSIC, '--agents', '55', '--shrinkage', '0.3');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^Traffic\s+48\.00 Erlangs$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Probability of waiting\s+23\.87%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Service level \(20 s\)\s+86\.68%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Average speed of answer\s+8\.2 s$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Occupancy\s+87\.27%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Required agents\s+54 /));
    expect(lines).toContainEqual(expect.stringMatching(/^With 30% shrinkage\s+78$/));
    // Labels are padded with at least two spaces so that every value starts in the same column.
    const columns = new Set(lines.map((l) => /^.*?\S {2,}/.exec(l)?.[0].length));
    expect(columns.size).toBe(1);
  });

  it('exits 2 with one message when a required argument is missing', async () => {
    const r = await erlang('--calls', '360', '--interval', '1800', '--aht', '240', '--threshold', '20');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--agents/);
  });

  it('exits 2 on a non-numeric value', async () => {
    const r = await erlang(
      '--calls',
      'abc',
      '--interval',
      '1800',
      '--aht',
      '240',
      '--agents',
      '55',
      '--threshold',
      '20',
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--calls.*abc/);
  });

  it('exits 2 on a value out of range, naming the flag', async () => {
    const r = await erlang(...CLASSIC, '--agents', '55', '--shrinkage', '1');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('error: --shrinkage must be a fraction with 0 ≤ value < 1, got 1');
  });
});
