// Slows password guessing: after 5 failed logins for one username from one address, 15 min of refusals.
import type { Redis } from 'ioredis';
import { loginFailuresKey } from '../redis/keys.ts';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_SEC = 15 * 60;

export class LoginLimit {
  constructor(
    private readonly redis: Redis,
    private readonly max = MAX_FAILURES,
    private readonly windowSec = FAILURE_WINDOW_SEC,
  ) {}

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  async blockedFor(username: string, ip: string): Promise<number> {
    const key = loginFailuresKey(username, ip);
    const [[, count], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as [[null, string | null], [null, number]];
    if (Number(count ?? 0) < this.max) return 0;
    return Math.max(1, ttl);
  }

  /** Counts a failure; the window starts at the first failure, so waiting it out always helps. */
  async fail(username: string, ip: string): Promise<void> {
    const key = loginFailuresKey(username, ip);
    await this.redis.multi().set(key, 0, 'EX', this.windowSec, 'NX').incr(key).exec();
  }

  async succeed(username: string, ip: string): Promise<void> {
    await this.redis.del(loginFailuresKey(username, ip));
  }
}
