/**
 * Every multer/busboy error a client can provoke maps to the project's codes, bare or Nest-wrapped.
 */
import { describe, expect, it } from '@jest/globals';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import { transformException } from '@nestjs/platform-express/multer/multer/multer.utils.js';
import multer from 'multer';
import { AppError } from './app-error.js';
import { ErrorCode, httpStatusOf } from './error-code.js';
import { mapMulterError } from './multer-errors.js';

type Code = ConstructorParameters<typeof multer.MulterError>[0];

describe('mapMulterError', () => {
  it.each<[Code, string | undefined, ErrorCode, string | undefined]>([
    ['LIMIT_FILE_SIZE', 'files', ErrorCode.PayloadTooLarge, 'files'],
    ['LIMIT_FILE_COUNT', undefined, ErrorCode.ValidationFailed, 'files'],
    ['LIMIT_UNEXPECTED_FILE', 'files', ErrorCode.ValidationFailed, 'files'],
    ['LIMIT_UNEXPECTED_FILE', 'attachment', ErrorCode.ValidationFailed, 'attachment'],
    ['LIMIT_PART_COUNT', undefined, ErrorCode.PayloadTooLarge, undefined],
    ['LIMIT_FIELD_COUNT', undefined, ErrorCode.PayloadTooLarge, undefined],
    ['LIMIT_FIELD_VALUE', 'title', ErrorCode.ValidationFailed, 'title'],
    ['LIMIT_FIELD_KEY', undefined, ErrorCode.MalformedRequest, undefined],
    ['MISSING_FIELD_NAME', undefined, ErrorCode.MalformedRequest, undefined],
  ])('maps %s (field %s) to %s on field %s', (code, field, expected, expectedField) => {
    const raw = new multer.MulterError(code, field);
    // bare, and as Nest's FilesInterceptor hands it to the filter
    for (const error of [raw, transformException(raw)]) {
      const mapped = mapMulterError(error);
      expect(mapped).toBeInstanceOf(AppError);
      expect(mapped?.code).toBe(expected);
      if (expectedField === undefined) continue;
      const details = mapped?.details;
      const fields = Array.isArray(details) ? details.map((d) => d.field) : [details?.field];
      expect(fields).toEqual([expectedField]);
    }
  });

  it('gives the statuses the brief promises clients', () => {
    const status = (code: Code) =>
      httpStatusOf((mapMulterError(new multer.MulterError(code)) as AppError).code);
    expect(status('LIMIT_FILE_COUNT')).toBe(422);
    expect(status('LIMIT_FILE_SIZE')).toBe(413);
    expect(status('LIMIT_FIELD_KEY')).toBe(400);
  });

  it('maps the nesting and index limits multer 2 added', () => {
    const error = Object.assign(new multer.MulterError('LIMIT_FIELD_KEY'), {
      code: 'LIMIT_FIELD_NESTING',
    });
    expect(mapMulterError(error)?.code).toBe(ErrorCode.MalformedRequest);
  });

  it.each([
    'Malformed part header',
    'Unexpected end of form',
    'Unexpected end of file',
    'Multipart: Boundary not found',
    'Request aborted',
  ])('maps busboy/multer error %j to 400', (message) => {
    const raw = new Error(message);
    expect(mapMulterError(raw)?.code).toBe(ErrorCode.MalformedRequest);
    expect(mapMulterError(transformException(raw))?.code).toBe(ErrorCode.MalformedRequest);
  });

  it('maps a non-form-data multipart body to 415', () => {
    const raw = new Error('Unsupported content type: multipart/mixed');
    expect(mapMulterError(transformException(raw))?.code).toBe(ErrorCode.UnsupportedMediaType);
  });

  it('leaves everything else alone', () => {
    expect(mapMulterError(new Error('database is down'))).toBeUndefined();
    expect(mapMulterError(AppError.notFound('File'))).toBeUndefined();
    expect(mapMulterError(new NotFoundException())).toBeUndefined();
    expect(mapMulterError(new BadRequestException('x', { cause: new Error('y') }))).toBeUndefined();
    expect(mapMulterError(new multer.MulterError('STREAM_DESTROYED' as Code))).toBeUndefined();
    expect(mapMulterError('a string')).toBeUndefined();
    expect(mapMulterError(undefined)).toBeUndefined();
  });

  it('lets the engine’s own AppErrors through Nest’s wrapper untouched', () => {
    const own = new AppError(ErrorCode.UnsupportedMediaType, 'File "a.png": no');
    expect(transformException(own)).toBe(own);
  });
});
