import { ErrorCode } from './error-code.js';

/** One problem with one input field: `field` is a dotted path into the request, e.g. `tags.2.code`. */
export interface FieldError {
  field: string;
  message: string;
  /**
   * Which of the service's own rules the value broke, for a client to word it its own way (the
   * pages do); left out for checks of form (a real date, a choice made, a length).
   */
  rule?: FieldRule;
  /** The date that rule compares against (YYYY-MM-DD), where it has one. */
  limit?: string;
}

/** The rules a FieldError may name: stable codes, documented with the error response. */
export const FIELD_RULES = [
  'not_in_future',
  'not_before_start',
  'after_previous_meeting',
  'after_meeting',
  'reason_for_later_date',
  'not_before_meeting',
  'uln_of_another_learner',
  'uln_of_other_apprenticeship',
  'one_open_per_standard',
  'within_a_day',
  'say_what_to_change',
] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

/** A domain error: carries a stable code; the exception filter turns it into the HTTP response. */
export class AppError extends Error {
  /** Sent as `Retry-After` (seconds) with 429 and 503: when trying again makes sense. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** A fault that passes (rate limit, database or storage away): the client may retry later. */
  static retryLater(
    code: ErrorCode,
    message: string,
    retryAfterSeconds: number,
    details?: Record<string, unknown>,
  ): AppError {
    const error = new AppError(code, message, details);
    error.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return error;
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NotFound, `${what} not found`);
  }

  static validation(errors: FieldError[], message?: string): AppError {
    return new AppError(
      ErrorCode.ValidationFailed,
      message ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    );
  }

  /** One field's error; `rule` names the service's rule it broke, for clients to word it. */
  static field(
    field: string,
    message: string,
    rule?: Pick<FieldError, 'rule' | 'limit'>,
  ): AppError {
    return AppError.validation([{ field, message, ...rule }], `${field} ${message}`);
  }

  static conflict(message: string, details?: Record<string, unknown>): AppError {
    return new AppError(ErrorCode.Conflict, message, details);
  }

  static forbidden(message = 'Your role does not allow this action'): AppError {
    return new AppError(ErrorCode.Forbidden, message);
  }
}
