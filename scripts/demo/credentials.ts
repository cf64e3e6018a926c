// The demo's secrets, kept in .floorboard/demo-credentials.json so a bookmarked TV and a remembered password keep
// working from one run to the next: the admin and display tokens, and the demo users' passwords.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const secret = z.string().min(16);
const schema = z.strictObject({ admin: secret, display: secret, supervisorPassword: secret, agentPassword: secret });
export type DemoCredentials = z.infer<typeof schema>;

const FILE = 'demo-credentials.json';
/** Before the demo had users it kept only its tokens here. */
const OLD_FILE = 'demo-tokens.json';

const generate = () => randomBytes(18).toString('base64url');

/** Reads the kept credentials, generating (and keeping) the ones missing. A malformed file is an error naming it. */
export function demoCredentials(dataDir: string): DemoCredentials {
  const file = path.join(dataDir, FILE);
  const old = path.join(dataDir, OLD_FILE);
  const source = existsSync(file) ? file : existsSync(old) ? old : null;
  const kept: unknown = source ? JSON.parse(readFileSync(source, 'utf8')) : {};
  const fresh = { admin: generate(), display: generate(), supervisorPassword: generate(), agentPassword: generate() };
  const parsed = schema.partial().safeParse(kept);
  if (!parsed.success)
    throw new Error(`${source}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  const all = { ...fresh, ...parsed.data };
  if (source !== file || Object.keys(parsed.data).length < Object.keys(fresh).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
  }
  return all;
}
