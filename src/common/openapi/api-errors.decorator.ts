import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { FIELD_RULES } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-code.js';

export class ErrorResponseDto {
  @ApiProperty({ example: 404 }) statusCode: number;
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', example: ErrorCode.NotFound })
  code: ErrorCode;
  @ApiProperty({ example: 'Standard not found' }) message: string;
  @ApiPropertyOptional({
    description:
      'For validation errors: [{ field, message, rule?, limit? }] naming every failing field; ' +
      `\`rule\` names a service rule the value broke (${FIELD_RULES.join(', ')}) and ` +
      '`limit` the date it compares against. For a refused file: ' +
      '{ field, fileName, maxBytes } (413) or { field, fileName, reason } (415).',
    example: [{ field: 'version', message: 'version must look like 1.0' }],
  })
  details?: unknown;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (MALFORMED_REQUEST)',
  401: 'Missing, expired or invalid token; or wrong credentials (UNAUTHENTICATED, INVALID_CREDENTIALS)',
  403: 'Your role may not do this (FORBIDDEN)',
  404: "Not found, or not yours: another tenant's data answers 404 (NOT_FOUND)",
  409: 'Conflicts with the current state (CONFLICT)',
  413: 'File or body over the limit (PAYLOAD_TOO_LARGE)',
  415: 'File type not allowed or not what it claims (UNSUPPORTED_MEDIA_TYPE)',
  422: 'Invalid input; details name each field (VALIDATION_FAILED)',
  429: 'Too many attempts (RATE_LIMITED)',
  503: 'The database or file storage is not available now; see Retry-After (SERVICE_UNAVAILABLE, STORAGE_UNAVAILABLE)',
  507: 'File storage is full; see Retry-After (STORAGE_FULL)',
};

/** Documents the error responses an endpoint can produce, all in the one error shape. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponseDto }),
    ),
  );
}
