// Who a bearer token belongs to. One place decides; REST and socket.io both ask here.
import { timingSafeEqual } from 'node:crypto';
import type { Config, Role } from '../../shared/config.ts';

export interface Principal {
  role: Role;
  name: string;
  /** For role agent: the only agent this principal may see. */
  agentId?: string;
}

export class Principals {
  private readonly tokens: { token: Buffer; principal: Principal }[] = [];

  constructor(config: Config, adminToken: string | undefined) {
    if (adminToken) this.tokens.push({ token: Buffer.from(adminToken), principal: { role: 'admin', name: 'admin' } });
    for (const t of config.tokens) {
      const principal: Principal = { role: t.role, name: t.name ?? t.role };
      if (t.agentId) principal.agentId = t.agentId;
      this.tokens.push({ token: Buffer.from(t.token), principal });
    }
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
}

/** Reads `Authorization: Bearer <token>`. */
export function bearer(header: string | undefined): string | null {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m ? m[1]! : null;
}
