import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { ErrorCode, httpStatusOf } from './error-code.js';
import { isDatabaseUnavailable, mapInfrastructureError } from './infrastructure-errors.js';

const errno = (code: string, syscall = 'connect') =>
  Object.assign(new Error(`${code}: something`), { code, syscall });
const sqlState = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error('from server'), { code }));

describe('mapInfrastructureError', () => {
  it.each([
    ['refused', errno('ECONNREFUSED')],
    ['reset', errno('ECONNRESET', 'read')],
    ['pool wait', new Error('timeout exceeded when trying to connect')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['dropped', new Error('Connection terminated unexpectedly')],
    ['partition', new Error('Query read timeout')],
    ['statement timeout', sqlState('57014')],
    ['shutting down', sqlState('57P01')],
    ['connection exception', sqlState('08006')],
    ['serialization', sqlState('40001')],
  ])('answers 503 with Retry-After for a database that is away (%s)', (_, error) => {
    const mapped = mapInfrastructureError(error);
    expect(mapped?.code).toBe(ErrorCode.ServiceUnavailable);
    expect(mapped?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('answers 507 for a full disk and 503 for one that cannot be written', () => {
    const full = mapInfrastructureError(errno('ENOSPC', 'write'));
    expect(full?.code).toBe(ErrorCode.StorageFull);
    expect(httpStatusOf(full!.code)).toBe(507);
    const readOnly = mapInfrastructureError(errno('EROFS', 'open'));
    expect(readOnly?.code).toBe(ErrorCode.StorageUnavailable);
    expect(httpStatusOf(readOnly!.code)).toBe(503);
    expect(readOnly?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('leaves client errors and bugs alone', () => {
    expect(mapInfrastructureError(sqlState('23505'))).toBeUndefined();
    expect(mapInfrastructureError(new TypeError('x is undefined'))).toBeUndefined();
    // An errno without a file-system call is not a disk.
    expect(
      mapInfrastructureError(Object.assign(new Error('x'), { code: 'EROFS' })),
    ).toBeUndefined();
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
