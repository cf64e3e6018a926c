// The socket.io room names: one room per distinct audience, so an update is scoped once per room rather than once
// per socket (server/auth/scope.ts decides what each audience sees). A room name carries everything scoping needs,
// so the principal can be rebuilt from it.
import type { Principal } from '../auth/principals.ts';

/** Every agent's desktop is also in this room, for the part of updates they share. */
export const AGENTS_ROOM = 'agents';

/** Every socket is in one of these two, by the protocol it asked for at connect (shared/patch.ts). */
export const UPDATES_ROOM = 'protocol:updates';
export const LANES_ROOM = 'protocol:lanes';

export function roomOf(p: Principal): string {
  if (p.role === 'agent') return `agent:${p.agentId}`;
  if (p.role === 'supervisor' && (p.teams || p.queues)) {
    return `supervisor:${JSON.stringify({ teams: p.teams ?? null, queues: p.queues ?? null })}`;
  }
  return `role:${p.role}`;
}

export function roomPrincipal(room: string): Principal | null {
  if (room.startsWith('agent:')) {
    const agentId = room.slice('agent:'.length);
    return { role: 'agent', name: agentId, agentId };
  }
  if (room.startsWith('supervisor:')) {
    const { teams, queues } = JSON.parse(room.slice('supervisor:'.length)) as {
      teams: string[] | null;
      queues: string[] | null;
    };
    return { role: 'supervisor', name: 'supervisor', ...(teams ? { teams } : {}), ...(queues ? { queues } : {}) };
  }
  const role = room.slice('role:'.length);
  return room.startsWith('role:') && (role === 'admin' || role === 'supervisor' || role === 'display')
    ? { role, name: role }
    : null;
}
