import { ValidationError } from 'class-validator';
import { AppError, FieldError } from './app-error.js';

/** Flattens class-validator's tree into one entry per failing field, with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/** ValidationPipe's exceptionFactory: a 422 that names every failing field. */
export function validationExceptionFactory(errors: ValidationError[]): AppError {
  return AppError.validation(flattenValidationErrors(errors));
}
