// People who sign in (issue 4): what GET /me answers, and the rules for user names and roles.
import type { Role } from './config.ts';

/** Roles a person can have; `feed` is for machines and stays a config token. */
export const USER_ROLES = ['admin', 'supervisor', 'agent', 'display'] as const satisfies readonly Role[];
export type UserRole = (typeof USER_ROLES)[number];

/** Letters, digits, '.', '_', '-' and '@': safe inside a Redis key and a log line. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

export const PASSWORD_MIN_CHARS = 8;

/** The signed-in caller. A supervisor with `teams` and/or `queues` sees only those. */
export interface Me {
  username: string;
  name: string;
  role: Role;
  agentId?: string;
  teams?: string[];
  queues?: string[];
}
