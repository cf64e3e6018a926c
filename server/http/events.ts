// POST /api/v1/events: contract events over HTTP, for feeds that cannot XADD themselves. Each element is
// validated like the stream consumer would, and the valid ones are written to the stream in one pipeline.
import type { IngestRejection, IngestResponse } from '../../shared/ingest.ts';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Role } from '../../shared/config.ts';
import { TS_OUT_OF_RANGE, oversized, validateEvent, type DecodeResult, type FloorEvent } from '../../shared/events.ts';
import { tsInRange, type FoldContext, type FoldLimits } from '../engine/index.ts';
import type { Principals } from '../auth/principals.ts';
import { authenticate } from './authenticate.ts';
import { appendEvents, type AppendOutcome } from '../stream/append.ts';

const EVENTS_PATH = '/api/v1/events';
const MAX_EVENTS_PER_REQUEST = 10_000;
/** 10,000 events of ~1 KB each, with room to spare; contract events are rarely over 300 bytes. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** A pipeline sent just before the connection drops is resent by ioredis after reconnecting; don't hold the caller that long. */
const WRITE_TIMEOUT_MS = 10_000;
const POSTING_ROLES: ReadonlySet<Role> = new Set(['feed', 'admin']);

export interface EventIngestDeps {
  /** A commands connection (not a blocking reader): the node's own. */
  redis: Redis;
  stream: string;
  /** `ingest.maxEntryBytes`: larger events are refused, as the consumer would dead-letter them unread. */
  maxEntryBytes: number;
  /** The event-time limits the fold applies; a posted event is judged against the time it arrives here. */
  limits: FoldLimits;
}

export function eventsRouter(principals: Principals, deps: EventIngestDeps): Router {
  const router = express.Router();

  // Only a bearer token may post: this route reads any Content-Type, so a login cookie riding along on another
  // site's form post must never be enough.
  const authorize = (req: Request, res: Response, next: NextFunction) => {
    if (!POSTING_ROLES.has(req.principal!.role) || req.sessionId) {
      return void res.status(403).json({ error: 'forbidden: posting events needs a feed or admin token' });
    }
    next();
  };

  // Authorized before the body is read, so an unauthenticated caller cannot make the server parse 10 MB.
  // Any Content-Type is read as JSON: this endpoint takes nothing else, and quick forwarders often omit the header.
  const parseBody = express.json({ limit: MAX_BODY_BYTES, strict: false, type: () => true });

  router.post(EVENTS_PATH, authenticate(principals), authorize, parseBody, async (req: Request, res: Response) => {
    const body: unknown = req.body;
    if (!Array.isArray(body)) {
      return void res.status(400).json({ error: `the body must be a JSON array of events, got ${kindOf(body)}` });
    }
    if (body.length > MAX_EVENTS_PER_REQUEST) {
      return void res.status(413).json({
        error: `too many events: ${body.length} in one request, at most ${MAX_EVENTS_PER_REQUEST}; split the batch`,
      });
    }

    const rejected: IngestRejection[] = [];
    const valid: { index: number; event: FloorEvent }[] = [];
    const arrival = { ...deps.limits, arrivalMs: Date.now() };
    body.forEach((element: unknown, index) => {
      const r = check(element, deps.maxEntryBytes, arrival);
      if (r.ok) valid.push({ index, event: r.event });
      else rejected.push(rejection(index, element, r.reason));
    });

    const unavailable = (reason: string, error: string) => {
      for (const v of valid) rejected.push({ index: v.index, id: v.event.id, reason });
      rejected.sort((a, b) => a.index - b.index);
      res.status(503).json({
        accepted: 0,
        rejected,
        ids: [],
        error: `${error}; resend the batch (repeated ids are ignored)`,
      } satisfies IngestResponse);
    };
    // Offline, ioredis would queue the commands and keep the caller waiting through its reconnect attempts.
    if (valid.length > 0 && deps.redis.status !== 'ready') {
      return unavailable(
        'not written: Redis unavailable',
        `Redis unavailable (connection ${deps.redis.status}): nothing was written`,
      );
    }

    let outcomes: AppendOutcome[];
    try {
      outcomes = await withTimeout(
        appendEvents(
          deps.redis,
          deps.stream,
          valid.map((v) => v.event),
        ),
        WRITE_TIMEOUT_MS,
      );
    } catch (err) {
      // No per-command replies: some commands may have been applied before the answer was lost.
      const message = (err as Error).message;
      return err instanceof WriteTimeout
        ? unavailable('unknown: Redis did not answer', message)
        : unavailable(
            `unknown: ${message}`,
            `Redis failed during the write (${message}): the events may or may not be in the stream`,
          );
    }

    const ids: string[] = [];
    let failure: string | null = null;
    outcomes.forEach((o, i) => {
      const v = valid[i]!;
      if (o.ok) ids.push(o.streamId);
      else {
        failure ??= o.error;
        rejected.push({ index: v.index, id: v.event.id, reason: `not written: ${o.error}` });
      }
    });
    rejected.sort((a, b) => a.index - b.index);
    const response: IngestResponse = { accepted: ids.length, rejected, ids };
    if (failure !== null) response.error = `Redis failed during the write: ${failure}; resend the rejected events`;
    res.status(failure !== null ? 503 : rejected.length > 0 ? 207 : 200).json(response);
  });

  router.use(EVENTS_PATH, bodyErrors);
  return router;
}

/**
 * What the consumer would do with the event: the same size limit (measured before validating, so an oversized
 * element costs no schema work), the same schemas and the same event-time range. Accepting one it would
 * dead-letter would only move the rejection out of the caller's sight.
 */
function check(element: unknown, maxEntryBytes: number, arrival: FoldContext): DecodeResult {
  const tooLarge = oversized(JSON.stringify(element) ?? '', maxEntryBytes);
  if (tooLarge !== null) return { ok: false, reason: tooLarge };
  const r = validateEvent(element);
  if (r.ok && !tsInRange(r.event.ts, arrival)) return { ok: false, reason: TS_OUT_OF_RANGE };
  return r;
}

function rejection(index: number, element: unknown, reason: string): IngestRejection {
  const id = typeof element === 'object' && element !== null ? (element as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? { index, id: id.slice(0, 200), reason } : { index, reason };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'an empty body';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

class WriteTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new WriteTimeout(`Redis did not answer within ${ms / 1000} s: the events may or may not be in the stream`),
        ),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** body-parser's errors as this API's JSON errors. */
function bodyErrors(
  err: Error & { type?: string; status?: number },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (err.type === 'entity.parse.failed') return void res.status(400).json({ error: `malformed JSON: ${err.message}` });
  if (err.type === 'entity.too.large') {
    return void res
      .status(413)
      .json({ error: `body larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB; split the batch` });
  }
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500)
    return void res.status(err.status).json({ error: err.message });
  next(err);
}
