/**
 * Faults of what the service stands on — the database and the upload directory — are not bugs
 * and not the client's doing: they answer 503 (or 507 for a full disk) with a stable code and a
 * `Retry-After`, never a generic 500 and never a hang. The exception filter asks here after the
 * client-error mappings.
 */
import { AppError } from './app-error.js';
import { ErrorCode } from './error-code.js';

/** Seconds a client should wait: the pool reconnects within a second once the server is back. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;
/** A full or read-only disk needs an operator; retrying at once will not help. */
export const STORAGE_RETRY_AFTER_SECONDS = 60;

/** Socket errors while reaching PostgreSQL (S3Storage reports its own as EIO: see storeFailure). */
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What pg and pg-pool say when the server went away, never came, or stopped answering. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /^Query read timeout$/,
  /is not queryable/,
  /^Cannot use a pool after calling end/,
];

/**
 * SQLSTATEs that say "not now" rather than "not this": connection exceptions (class 08), the
 * server shutting down or starting (57P01–57P03), too many connections, our statement timeout
 * (57014), and transaction conflicts the client may simply retry (40001, 40P01).
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03', '53300', '57014', '55P03', '40001', '40P01'].includes(code)
  );
}

/** Disk errors: full (507) or unusable (503). */
const STORAGE_FULL_ERRNOS = new Set(['ENOSPC', 'EDQUOT']);
const STORAGE_UNAVAILABLE_ERRNOS = new Set([
  'EROFS',
  'EACCES',
  'EPERM',
  'EIO',
  'ENOTDIR',
  'EMFILE',
  'ENFILE',
  'EBUSY',
]);

interface ErrorLike {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/** The error and what it wraps (TypeORM's driverError, `cause`), a few levels at most. */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && out.length < 5) {
    const e = current as ErrorLike;
    out.push(e);
    current = e.driverError ?? e.cause;
  }
  return out;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return chain(error).some((e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONNECTION_ERRNOS.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && isTransientSqlState(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    return CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
  });
}

function storageErrno(error: unknown): string | undefined {
  for (const e of chain(error)) {
    // Only errors of a file-system call: a socket's EPIPE or a SQLSTATE is not a disk.
    if (typeof e.code !== 'string' || typeof e.syscall !== 'string') continue;
    if (STORAGE_FULL_ERRNOS.has(e.code) || STORAGE_UNAVAILABLE_ERRNOS.has(e.code)) return e.code;
  }
  return undefined;
}

/** The AppError for a database or storage fault; undefined for anything else. */
export function mapInfrastructureError(error: unknown): AppError | undefined {
  if (isDatabaseUnavailable(error)) {
    return AppError.retryLater(
      ErrorCode.ServiceUnavailable,
      'The database is not available right now; try again shortly',
      DATABASE_RETRY_AFTER_SECONDS,
    );
  }
  const errno = storageErrno(error);
  if (!errno) return undefined;
  return STORAGE_FULL_ERRNOS.has(errno)
    ? AppError.retryLater(
        ErrorCode.StorageFull,
        'File storage is full; the upload was not kept',
        STORAGE_RETRY_AFTER_SECONDS,
        { reason: errno },
      )
    : AppError.retryLater(
        ErrorCode.StorageUnavailable,
        'File storage cannot be used right now; nothing was kept',
        STORAGE_RETRY_AFTER_SECONDS,
        { reason: errno },
      );
}
