import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';
import { inputProblems, SHAPE_LIMITS } from './input-shape.js';

/**
 * The first pipe every body, query and path parameter passes, before ValidationPipe transforms
 * anything: refuses values nested or wide beyond SHAPE_LIMITS (multipart forms and query strings
 * never went through the JSON scanner), NUL characters (PostgreSQL cannot store U+0000, so they
 * would end as a database error) and lone surrogates — each as a 422 naming the field.
 */
@Injectable()
export class InputGuardPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const root =
      metadata.type === 'param' || metadata.type === 'query' ? (metadata.data ?? '') : '';
    const problems = inputProblems(value, root, SHAPE_LIMITS);
    if (problems.length > 0) throw AppError.validation(problems);
    return value;
  }
}
