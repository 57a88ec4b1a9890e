import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppError } from './errors/app-error.js';

/** The same test as Nest's ParseUUIDPipe, so the guard and the pipe refuse the same ids. */
const UUID =
  /^(?:[0-9A-F]{8}-[0-9A-F]{4}-[1-8][0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}|00000000-0000-0000-0000-000000000000|FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF)$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/** A path parameter that must be a UUID; anything else is a 422 naming it. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({ exceptionFactory: () => AppError.field(name, 'must be a UUID') }),
  );
