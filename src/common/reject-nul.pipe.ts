import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppError, FieldError } from './errors/app-error.js';

/** Where NUL characters hide in a value, as dotted paths. */
function nulFields(value: unknown, path: string, out: FieldError[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      out.push({ field: path || 'value', message: 'must not contain NUL characters' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulFields(v, path ? `${path}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) nulFields(v, path ? `${path}.${k}` : k, out);
  }
}

/**
 * PostgreSQL cannot store U+0000 in text, so a NUL anywhere in a body, query or path would end
 * as a database error. Refused up front instead, naming the field.
 */
@Injectable()
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const errors: FieldError[] = [];
    nulFields(
      value,
      metadata.type === 'param' || metadata.type === 'query' ? (metadata.data ?? '') : '',
      errors,
    );
    if (errors.length > 0) throw AppError.validation(errors);
    return value;
  }
}
