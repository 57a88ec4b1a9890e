/**
 * Stable machine-readable error codes. Clients branch on these, so never rename one; add new ones.
 * Each maps to exactly one HTTP status in `httpStatusOf` (the switch is exhaustive: a new code
 * without a status is a compile error).
 */
export enum ErrorCode {
  MalformedRequest = 'MALFORMED_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  /** The upload directory (or its quota) is full. */
  StorageFull = 'STORAGE_FULL',
  /** The upload directory cannot be written or read (read-only, permissions, I/O error). */
  StorageUnavailable = 'STORAGE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

function assertUnreachable(value: never): never {
  throw new Error(`Unmapped error code: ${String(value)}`);
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.MalformedRequest:
      return 400;
    case ErrorCode.ValidationFailed:
      return 422;
    case ErrorCode.Unauthenticated:
    case ErrorCode.InvalidCredentials:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
    case ErrorCode.RouteNotFound:
      return 404;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.ServiceUnavailable:
    case ErrorCode.StorageUnavailable:
      return 503;
    case ErrorCode.StorageFull:
      return 507;
    case ErrorCode.Internal:
      return 500;
    default:
      return assertUnreachable(code);
  }
}
