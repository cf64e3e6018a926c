// Requests that need Redis while it is unreachable get 503 at once, with one message, instead of hanging.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';

export function answerRedisUnavailable(res: Response): void {
  res
    .status(503)
    .set('Retry-After', '5')
    .json({ error: 'Redis is unreachable: sign-in and changes are unavailable for now, try again shortly' });
}

/**
 * For routes whose work goes through a connection that waits out outages (the node's commands connection,
 * shared with checkpoints and the lease): refuse while it is not connected.
 */
export function requireRedis(redis: Redis): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) =>
    redis.status === 'ready' ? next() : answerRedisUnavailable(res);
}
