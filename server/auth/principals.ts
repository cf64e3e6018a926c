// Who a request or socket belongs to: a bearer token from the config, or a signed-in user's session cookie.
// One place decides; REST and socket.io both ask here.
import { timingSafeEqual } from 'node:crypto';
import type { Config, Role } from '../../shared/config.ts';
import type { Me } from '../../shared/users.ts';
import { SESSION_COOKIE, readCookie, type SessionStore } from './sessions.ts';
import type { User, UserStore } from './users.ts';

export interface Principal {
  role: Role;
  name: string;
  /** Set for people who signed in (sessions), absent for tokens. */
  username?: string;
  /** For role agent: the only agent this principal may see. */
  agentId?: string;
  /** For role supervisor: when set, only these teams' agents. */
  teams?: string[];
  /** For role supervisor: when set, only these queues. */
  queues?: string[];
}

export interface Credentials {
  authorization?: string | undefined;
  cookie?: string | undefined;
}

export interface Resolved {
  principal: Principal;
  /** The session behind a cookie login (logout ends it). */
  sessionId?: string;
}

export class Principals {
  private readonly tokens: { token: Buffer; principal: Principal }[] = [];
  private people: { sessions: SessionStore; users: UserStore } | null = null;

  constructor(config: Config, adminToken: string | undefined) {
    if (adminToken) this.tokens.push({ token: Buffer.from(adminToken), principal: { role: 'admin', name: 'admin' } });
    for (const t of config.tokens) {
      const principal: Principal = { role: t.role, name: t.name ?? t.role };
      if (t.agentId) principal.agentId = t.agentId;
      this.tokens.push({ token: Buffer.from(t.token), principal });
    }
  }

  /** Enables cookie sessions; without it only tokens are accepted. */
  useSessions(sessions: SessionStore, users: UserStore): void {
    this.people = { sessions, users };
  }

  get hasAdmin(): boolean {
    return this.tokens.some((t) => t.principal.role === 'admin');
  }

  /** Compares in constant time per candidate, so response timing does not leak a token's prefix. */
  resolve(token: string | undefined | null): Principal | null {
    if (!token) return null;
    const given = Buffer.from(token);
    for (const t of this.tokens) {
      if (t.token.length === given.length && timingSafeEqual(t.token, given)) return t.principal;
    }
    return null;
  }

  /**
   * A bearer token wins over a cookie. The user is read afresh for every request, so a role change or
   * removal applies at once.
   */
  async authenticate(c: Credentials): Promise<Resolved | null> {
    const token = bearer(c.authorization);
    if (token) {
      const principal = this.resolve(token);
      return principal ? { principal } : null;
    }
    const sessionId = readCookie(c.cookie, SESSION_COOKIE);
    if (!sessionId || !this.people) return null;
    const username = await this.people.sessions.username(sessionId);
    const user = username ? await this.people.users.get(username) : null;
    return user ? { principal: principalOf(user), sessionId } : null;
  }
}

export function principalOf(u: User): Principal {
  const p: Principal = { role: u.role, name: u.name, username: u.username };
  if (u.agentId) p.agentId = u.agentId;
  if (u.teams) p.teams = u.teams;
  if (u.queues) p.queues = u.queues;
  return p;
}

/** GET /me for a session or a token (a token's name stands in for the username). */
export function meOfPrincipal(p: Principal): Me {
  const me: Me = { username: p.username ?? p.name, name: p.name, role: p.role };
  if (p.agentId) me.agentId = p.agentId;
  if (p.teams) me.teams = p.teams;
  if (p.queues) me.queues = p.queues;
  return me;
}

/** Who an audit line or an acknowledgement names. */
export function actorOf(p: Principal): string {
  return p.username ?? p.name;
}

/** Reads `Authorization: Bearer <token>`. */
export function bearer(header: string | undefined): string | null {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m ? m[1]! : null;
}
