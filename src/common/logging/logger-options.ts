import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { PrettyOptions } from 'pino-pretty';
import { AppConfig } from '../../config/app-config.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Keeps a caller's request id when it is safe to echo, otherwise makes one; always echoes it. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Nest's own start-up chatter: a line per module, per controller and per mapped route. Useful
 * when a route is missing, noise otherwise, so it is logged at debug (LOG_LEVEL=debug shows it).
 */
export const STARTUP_CHATTER = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);
const INFO = 30;

/**
 * A request's address as logged: the CSRF token that a page's file upload carries in its query
 * (the multipart body is read after the check) stays out of the logs, as the cookies do.
 */
export const loggedUrl = (url: string) => url.replace(/([?&]_csrf=)[^&#]*/g, '$1[redacted]');

/**
 * Structured JSON logs; every line logged while serving a request carries its `requestId`. With
 * LOG_FORMAT=pretty (the default on a terminal outside production) the same lines are printed as
 * readable, coloured text instead.
 */
export function loggerOptions(config: AppConfig): Params {
  const options: Options = {
    level: config.logLevel,
    genReqId: requestIdOf,
    // Added to every line logged while the request is in flight, including service logs.
    customProps: (req) => ({ requestId: req.id }),
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: {
      req: (req: { method: string; url: string }) => ({
        method: req.method,
        url: loggedUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    hooks: {
      logMethod(args, method, level) {
        const first: unknown = args[0];
        const context = typeof first === 'object' && first && 'context' in first && first.context;
        if (level === INFO && typeof context === 'string' && STARTUP_CHATTER.has(context)) {
          return this.debug(...args);
        }
        return method.apply(this, args);
      },
    },
  };
  return { pinoHttp: config.logFormat === 'pretty' ? [options, prettyStream()] : options };
}

/**
 * pino-pretty on this thread, writing synchronously, so lines appear in order and none is lost at
 * exit. Loaded only when wanted: JSON output (production, pipes, tests) never imports it.
 */
function prettyStream(): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as (
    options: PrettyOptions,
  ) => DestinationStream;
  return pretty({
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,requestId,req,res,responseTime',
    messageFormat:
      '{if context}{context}: {end}{msg}' +
      '{if req.method} – {req.method} {req.url} {res.statusCode} in {responseTime} ms{end}',
  });
}
