// The demo's kept secrets: generated once, kept across runs, the older tokens-only file carried over, a damaged
// file refused with its name.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCredentials } from '../../scripts/demo/credentials.ts';

const dir = () => mkdtempSync(join(os.tmpdir(), 'floorboard-creds-'));

describe('demo credentials', () => {
  it('are generated once and kept', () => {
    const d = dir();
    const first = demoCredentials(d);
    expect(Object.keys(first).sort()).toEqual(['admin', 'agentPassword', 'display', 'supervisorPassword']);
    expect(demoCredentials(d)).toEqual(first);
    expect(JSON.parse(readFileSync(join(d, 'demo-credentials.json'), 'utf8'))).toEqual(first);
  });

  it("keep an older run's tokens, so a bookmarked wall still works", () => {
    const d = dir();
    const old = { admin: 'old-admin-token-0123456789', display: 'old-display-token-0123456789' };
    writeFileSync(join(d, 'demo-tokens.json'), JSON.stringify(old));
    const c = demoCredentials(d);
    expect(c).toMatchObject(old);
    expect(c.supervisorPassword.length).toBeGreaterThanOrEqual(16);
    expect(demoCredentials(d)).toEqual(c);
  });

  it('refuse a damaged file, naming it and the field', () => {
    const d = dir();
    writeFileSync(join(d, 'demo-credentials.json'), JSON.stringify({ admin: 'short' }));
    expect(() => demoCredentials(d)).toThrow(/demo-credentials\.json: admin: /);
  });
});
