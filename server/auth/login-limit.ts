// Slows password guessing. Every attempt is counted, atomically in Redis, BEFORE its password is checked, so a
// burst of parallel guesses gets no more checks than a patient guesser: 5 per username and address, 20 per username
// from anywhere (guessing spread over many addresses), 50 per address for any usernames (one address trying many
// accounts), each in a 15-minute window from its first attempt. A success proves the owner: it clears the username's
// counts and gives its own attempt back to the address.
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LOGIN_ATTEMPTS_PREFIX } from '../redis/keys.ts';

const WINDOW_SEC = 15 * 60;
const LOGIN_LIMITS = { userAndAddress: 5, user: 20, address: 50 } as const;
export type LoginLimits = { [K in keyof typeof LOGIN_LIMITS]: number };

export class LoginLimit {
  private readonly pair: RateLimiterRedis;
  private readonly user: RateLimiterRedis;
  private readonly address: RateLimiterRedis;

  constructor(redis: Redis, limits: LoginLimits = LOGIN_LIMITS, windowSec = WINDOW_SEC) {
    const limiter = (kind: string, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${LOGIN_ATTEMPTS_PREFIX}:${kind}`,
        points,
        duration: windowSec,
      });
    this.pair = limiter('user+address', limits.userAndAddress);
    this.user = limiter('user', limits.user);
    this.address = limiter('address', limits.address);
  }

  /**
   * Counts one attempt against every limit; returns 0 when the password may be checked, else the seconds until
   * the attempt would be allowed. Throws when Redis cannot count (the caller answers 503: never unlimited).
   */
  async reserve(username: string, ip: string): Promise<number> {
    const waits = await Promise.all([
      waitAfter(this.pair, pairKey(username, ip)),
      waitAfter(this.user, username),
      waitAfter(this.address, ip),
    ]);
    const ms = Math.max(...waits);
    return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
  }

  async succeeded(username: string, ip: string): Promise<void> {
    await Promise.all([
      this.pair.delete(pairKey(username, ip)),
      this.user.delete(username),
      this.address.reward(ip, 1),
    ]);
  }
}

const pairKey = (username: string, ip: string) => `${ip}:${username}`;

/**
 * Counts one point: 0 when it was within the limit, else milliseconds until the window ends. consume() rejects
 * with the limiter's state when the points are spent, and with an Error when Redis fails (rethrown).
 */
async function waitAfter(limiter: RateLimiterRedis, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (err) {
    if (err instanceof RateLimiterRes) return Math.max(1, err.msBeforeNext);
    throw err;
  }
}
