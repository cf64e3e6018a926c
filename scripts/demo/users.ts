// The demo's people: a supervisor and an agent who can sign in with the passwords the demo prints.
import type { Redis } from 'ioredis';
import { UserStore, type NewUser } from '../../server/auth/users.ts';

export const DEMO_SUPERVISOR = 'demo-supervisor';
export const DEMO_AGENT = 'demo-agent';
/** The simulator's first inbound agent, so the agent's view shows calls. */
export const DEMO_AGENT_ID = 'a-1';

/** Creates each demo user, or sets its password to the kept one when it exists (the demo owns these names). */
export async function ensureDemoUsers(redis: Redis, passwords: { supervisor: string; agent: string }): Promise<void> {
  const users = new UserStore(redis);
  const wanted: [NewUser, string][] = [
    [{ username: DEMO_SUPERVISOR, role: 'supervisor', name: 'Demo supervisor' }, passwords.supervisor],
    [
      { username: DEMO_AGENT, role: 'agent', name: `Demo agent (${DEMO_AGENT_ID})`, agentId: DEMO_AGENT_ID },
      passwords.agent,
    ],
  ];
  for (const [user, password] of wanted) {
    const existing = await users.get(user.username);
    if (!existing) await users.add(user, password);
    else if (existing.role !== user.role || existing.agentId !== user.agentId) {
      throw new Error(
        `user "${user.username}" exists with another role or agent: remove it (npm run user -- remove ${user.username})`,
      );
    } else await users.setPassword(user.username, password);
  }
}
