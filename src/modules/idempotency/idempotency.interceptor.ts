import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppError } from '../../common/errors/app-error.js';
import { FileStorage } from '../storage/storage.js';
import type { StoredUpload } from '../storage/upload/upload-storage.engine.js';
import { IDEMPOTENCY_HEADER, IdempotencyService } from './idempotency.service.js';

const SCOPE = 'idempotencyScope';
/** Visible ASCII, as the IETF draft's examples; UUIDs are the usual choice. */
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const MAX_DEPTH = 32;

/** JSON with sorted keys, so the same body hashes the same whatever its key order. */
function stable(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw AppError.field('body', `nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return `[${value.map((v) => stable(v, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const obj = value as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stable(obj[k], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type UploadedFile = Express.Multer.File & Partial<StoredUpload>;

/** What makes two requests "the same": the route with its ids, the body and the files' bytes. */
export function fingerprint(req: Request): string {
  const files = ((req.files ?? []) as UploadedFile[]).map((f) => ({
    field: f.fieldname,
    name: f.originalName ?? f.originalname,
    sha256: f.sha256,
  }));
  return createHash('sha256')
    .update(stable({ method: req.method, path: req.path, body: req.body as unknown, files }))
    .digest('hex');
}

/**
 * With an `Idempotency-Key` header, the route's work and the key's claim run in one
 * transaction; the same key and request again return the first answer (marked
 * `Idempotent-Replayed: true`) instead of doing the work twice, and files uploaded with the
 * repeat are removed. Place it after (inside) FilesInterceptor, so the files are known.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyService,
    private readonly storage: FileStorage,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user: AuthUser }>();
    const key = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      throw AppError.field(IDEMPOTENCY_HEADER, 'must be 1 to 255 visible ASCII characters');
    }
    const scope = this.reflector.get<string>(SCOPE, context.getHandler());
    const print = fingerprint(req);
    const request = { userId: req.user.id, scope, key, fingerprint: print };
    return from(
      this.keys
        .once(
          request,
          () => lastValueFrom<unknown, undefined>(next.handle(), { defaultValue: undefined }),
          () => removeRepeatUploads(req, this.storage),
        )
        .then(({ replayed, answer }) => {
          if (replayed) http.getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
          return answer;
        }),
    );
  }
}

/** A repeat's files duplicate the first request's: nothing references them. */
export async function removeRepeatUploads(req: Request, storage: FileStorage): Promise<void> {
  for (const file of (req.files ?? []) as UploadedFile[]) {
    if (file.storageKey) await storage.delete(file.storageKey).catch(() => undefined);
  }
}

/**
 * Makes a route idempotent under `Idempotency-Key` (scope: a name for the operation). Write it
 * above `@UseInterceptors(…, FilesInterceptor(…))` so it runs inside it.
 */
export const Idempotent = (scope: string) =>
  applyDecorators(
    SetMetadata(SCOPE, scope),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description:
        'Any unique string (a UUID): retrying with the same key and request returns the first ' +
        'result instead of creating it twice. Kept 24 hours.',
    }),
  );
