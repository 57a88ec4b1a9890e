/**
 * The JSON and form parsers, with a size cap per route and a shape check before JSON.parse builds
 * anything. One unauthenticated 1.7 MB sign-in body of 150,000 keys used to hold the event loop for
 * 49 s: now a body is refused by size while it streams in, or by shape in one pass over its bytes,
 * before any route, guard or transform sees it. Named `jsonParser` / `urlencodedParser` so Nest
 * does not add its own (it skips parsers already registered under those names).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { AppError, FieldError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { scanJsonShape, SHAPE_LIMITS } from '../input/input-shape.js';

const KB = 1024;
const MB = 1024 * KB;

/** Every JSON body not named below: a few short fields, or a page of ids. */
export const DEFAULT_JSON_LIMIT = 64 * KB;

interface RouteLimit {
  method: string;
  path: RegExp;
  bytes: number;
}

/** The routes that need more (or, for the unauthenticated sign-in, much less). */
export const JSON_ROUTE_LIMITS: readonly RouteLimit[] = [
  // Two short strings, and anyone may send it.
  { method: 'POST', path: /^\/api\/auth\/login\/?$/, bytes: 8 * KB },
  // A whole standard: up to 500 criteria of up to 4,000 characters.
  { method: 'POST', path: /^\/api\/standards\/?$/, bytes: 2 * MB },
  // Up to 158 claims or decisions, each with up to 5,000 characters of justification or reason.
  { method: 'PUT', path: /^\/api\/evidence\/[^/]+\/tags\/?$/, bytes: 2 * MB },
  { method: 'POST', path: /^\/api\/evidence\/[^/]+\/review\/?$/, bytes: 2 * MB },
  // A description of up to 20,000 characters and 20 links.
  { method: 'POST', path: /^\/api\/apprenticeships\/[^/]+\/evidence\/?$/, bytes: 256 * KB },
  { method: 'PATCH', path: /^\/api\/evidence\/[^/]+\/?$/, bytes: 256 * KB },
];

export function jsonLimitFor(method: string, path: string): number {
  return (
    JSON_ROUTE_LIMITS.find((r) => r.method === method && r.path.test(path))?.bytes ??
    DEFAULT_JSON_LIMIT
  );
}

/** What verifyShape found, for the parser's callback to turn into our error (see below). */
const shapeProblems = new WeakMap<Request, FieldError>();

/**
 * body-parser calls this with the raw bytes before JSON.parse; throwing refuses the body. It
 * dresses whatever is thrown as an http-error (403), so the problem travels on the side.
 */
function verifyShape(req: Request, _res: Response, bytes: Buffer): void {
  const problem = scanJsonShape(bytes, SHAPE_LIMITS);
  if (!problem) return;
  shapeProblems.set(req, problem);
  throw new Error('body shape refused');
}

function shapeError(problem: FieldError): AppError {
  return AppError.validation([problem], `Request body: ${problem.field} ${problem.message}`);
}

/** A scan of UTF-16 bytes would miss the structure; nobody sends JSON in anything but UTF-8. */
function refuseOtherCharsets(req: Request): AppError | undefined {
  const match = /charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '');
  const charset = match?.[1].toLowerCase();
  if (!charset || charset === 'utf-8' || charset === 'utf8') return undefined;
  return new AppError(ErrorCode.UnsupportedMediaType, 'Send JSON encoded as UTF-8');
}

export function bodyParsers(): RequestHandler[] {
  const byLimit = new Map<number, RequestHandler>();
  const parserFor = (bytes: number): RequestHandler => {
    let parser = byLimit.get(bytes);
    if (!parser) {
      parser = express.json({ limit: bytes, verify: verifyShape });
      byLimit.set(bytes, parser);
    }
    return parser;
  };
  function jsonParser(req: Request, res: Response, next: NextFunction): void {
    if (!req.is('application/json')) return next();
    const charsetProblem = refuseOtherCharsets(req);
    if (charsetProblem) return next(charsetProblem);
    parserFor(jsonLimitFor(req.method, req.path))(req, res, (error?: unknown) => {
      const problem = shapeProblems.get(req);
      next(problem ? shapeError(problem) : error);
    });
  }
  // The pages' forms: flat (no nesting), as small as a JSON body and with as many fields as a
  // JSON object may have keys. A gateway freeze ticks up to 200 pieces of evidence; a review
  // sends a decision and a reason for each of up to 158 criteria.
  const forms = express.urlencoded({
    extended: false,
    limit: DEFAULT_JSON_LIMIT,
    parameterLimit: SHAPE_LIMITS.maxObjectKeys,
  });
  function urlencodedParser(req: Request, res: Response, next: NextFunction): void {
    forms(req, res, (error?: unknown) => {
      const tooMany = (error as { type?: string } | undefined)?.type === 'parameters.too.many';
      next(
        tooMany
          ? shapeError({
              field: 'body',
              message: `has more than ${SHAPE_LIMITS.maxObjectKeys} fields`,
            })
          : error,
      );
    });
  }
  return [jsonParser, urlencodedParser];
}
