import { ValidationError } from 'class-validator';
import { AppError, FieldError } from './app-error.js';

/**
 * Checks of a value's size, which class-validator also reports for a value that is not there
 * ("title must be shorter than or equal to 300 characters" for no title at all).
 */
const SIZE_CHECKS = new Set(['maxLength', 'max', 'arrayMaxSize']);

/** Flattens class-validator's tree into one entry per failing field, with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const missing = error.value === undefined || error.value === null;
    const own = Object.entries(error.constraints ?? {}).map(([check, message]) => ({
      field,
      message: missing && SIZE_CHECKS.has(check) ? `${error.property} is required` : message,
    }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/** ValidationPipe's exceptionFactory: a 422 that names every failing field. */
export function validationExceptionFactory(errors: ValidationError[]): AppError {
  return AppError.validation(flattenValidationErrors(errors));
}
