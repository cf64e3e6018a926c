// Sign-in sessions: a random id in the `fb_session` cookie, the username behind it in Redis for 12 h.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sessionKey, userSessionsKey } from '../redis/keys.ts';

export const SESSION_COOKIE = 'fb_session';
export const SESSION_TTL_SEC = 12 * 60 * 60;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSec = SESSION_TTL_SEC,
  ) {}

  async create(username: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.redis
      .multi()
      .set(sessionKey(id), username, 'EX', this.ttlSec)
      .sadd(userSessionsKey(username), id)
      .expire(userSessionsKey(username), this.ttlSec)
      .exec();
    return id;
  }

  /** The session's username, or null when it is unknown or expired. */
  async username(id: string): Promise<string | null> {
    if (!SESSION_ID_PATTERN.test(id)) return null;
    return this.redis.get(sessionKey(id));
  }

  async delete(id: string): Promise<void> {
    const username = await this.username(id);
    const tx = this.redis.multi().del(sessionKey(id));
    if (username) tx.srem(userSessionsKey(username), id);
    await tx.exec();
  }

  /** Ends every session of a user (password changed, user removed). */
  async deleteAll(username: string): Promise<number> {
    const ids = await this.redis.smembers(userSessionsKey(username));
    const tx = this.redis.multi().del(userSessionsKey(username));
    for (const id of ids) tx.del(sessionKey(id));
    await tx.exec();
    return ids.length;
  }
}

/** The value of one cookie in a `Cookie:` header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value.replace(/^"(.*)"$/, '$1'));
    } catch {
      return null;
    }
  }
  return null;
}
