// JSON request bodies for the console's small writes, and their parse errors as this API's JSON errors.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

const BODY_LIMIT = '64kb';

/**
 * Reads `application/json` bodies only: a cross-origin page can send other types without asking (a form), but
 * not this one, which keeps cookie-authenticated writes out of other sites' reach. Other bodies stay unread.
 */
export function jsonBody(limit: string = BODY_LIMIT): RequestHandler {
  return express.json({ limit, strict: false });
}

export function bodyErrors(
  err: Error & { type?: string; status?: number; limit?: number },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (err.type === 'entity.parse.failed') return void res.status(400).json({ error: `malformed JSON: ${err.message}` });
  if (err.type === 'entity.too.large')
    return void res.status(413).json({ error: `body larger than ${err.limit ?? BODY_LIMIT} bytes` });
  next(err);
}
