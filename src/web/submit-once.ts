import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { AuthUser } from '../common/auth/auth-user.js';
import {
  fingerprint,
  removeRepeatUploads,
} from '../modules/idempotency/idempotency.interceptor.js';
import { IdempotencyService } from '../modules/idempotency/idempotency.service.js';
import { FileStorage } from '../modules/storage/storage.js';
import { formText, type PostedForm } from './forms.js';

/** The hidden field a form that creates something carries: a new key each time it is shown. */
export const FORM_KEY = 'formKey';
export const newFormKey = (): string => randomUUID();

const SCOPE = 'submitOnceScope';
/** A UUID as newFormKey makes it; anything else is a form without a key. */
const KEY_FORMAT = /^[\x21-\x7e]{1,100}$/;

/**
 * A page form sent twice (a double tap, a slow connection, the same form sent again) does its
 * work once: the repeat waits for the first and goes where the first went, and any files it sent
 * are removed. Keyed on the form's key *and* its content, so a form changed and sent again is a
 * new submission; work that is refused claims nothing, so the corrected form goes through. The
 * API's Idempotency-Key store and rules (IdempotencyService), for pages: the handler ends with
 * res.redirect, which is held until the work and its claim have committed together.
 */
@Injectable()
export class SubmitOnceInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyService,
    private readonly storage: FileStorage,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user: AuthUser }>();
    const res = http.getResponse<Response>();
    const key = formText((req.body as PostedForm | undefined)?.[FORM_KEY]);
    if (!key || !KEY_FORMAT.test(key)) return next.handle();
    const scope = `page:${this.reflector.get<string>(SCOPE, context.getHandler())}`;
    const print = fingerprint(req);
    const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
    // Keyed on the content too: the same form changed and sent again is a new submission.
    const request = { userId: req.user.id, scope, key: `${key}:${print}`, fingerprint: print };
    const work = async () => {
      let location: string | undefined;
      res.redirect = (...args: [number, string] | [string]) => {
        location = args.length === 2 ? args[1] : args[0];
      };
      try {
        await lastValueFrom(next.handle(), { defaultValue: undefined });
      } finally {
        res.redirect = redirect as Response['redirect'];
      }
      if (location === undefined) throw new Error(`${scope} answered without a redirect`);
      return { location };
    };
    return from(
      this.keys
        .once(request, work, () => removeRepeatUploads(req, this.storage))
        .then(({ answer }) => redirect(303, answer?.location ?? req.originalUrl)),
    );
  }
}

/** Makes a page's form post happen once per form shown (see SubmitOnceInterceptor). */
export const SubmitOnce = (scope: string) =>
  applyDecorators(SetMetadata(SCOPE, scope), UseInterceptors(SubmitOnceInterceptor));
