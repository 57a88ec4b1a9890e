import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppError } from './errors/app-error.js';

/** A path parameter that must be a UUID; anything else is a 422 naming it. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({ exceptionFactory: () => AppError.field(name, 'must be a UUID') }),
  );
