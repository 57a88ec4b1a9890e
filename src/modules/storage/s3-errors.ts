/** How the S3 driver reads the SDK's errors. */

/** S3 (and the SDK) name a missing object in several ways depending on the call. */
export function isMissing(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  // A missing bucket is a 404 too, but a store fault, not a missing file.
  if (e?.name === 'NoSuchBucket' || e?.Code === 'NoSuchBucket') return false;
  return (
    e?.name === 'NoSuchKey' ||
    e?.name === 'NotFound' ||
    e?.Code === 'NoSuchKey' ||
    e?.$metadata?.httpStatusCode === 404
  );
}

/**
 * Any other failure of the store (unreachable, refused credentials, no such bucket) as the error a
 * failing disk gives: errno EIO from a storage call, which the one error filter answers with 503
 * STORAGE_UNAVAILABLE. Without a `cause`: a socket's ECONNREFUSED must not read as the database's.
 */
export function storeFailure(error: unknown, operation: string): Error {
  const e = error as { name?: string; message?: string };
  return Object.assign(
    new Error(`Object store ${operation} failed: ${e?.name ?? 'Error'}: ${e?.message ?? ''}`),
    { code: 'EIO', syscall: `s3.${operation}`, storeError: e?.name ?? 'UNKNOWN' },
  );
}

export function isNotImplemented(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotImplemented' || e?.$metadata?.httpStatusCode === 501;
}

/**
 * What `/api/health` names as the reason: the store's error name (NoSuchBucket, AccessDenied…), or
 * the socket's code when the store cannot be reached. (The SDK may wrap a socket error from another
 * realm in a plain one that keeps only its message.)
 */
export function unhealthyReason(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.name && e.name !== 'Error') return e.name;
  return e?.code ?? /\bE[A-Z]{3,}\b/.exec(String(e?.message))?.[0] ?? 'UNKNOWN';
}
