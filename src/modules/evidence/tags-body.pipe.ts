import { Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppError } from '../../common/errors/app-error.js';
import { flattenValidationErrors } from '../../common/errors/validation.js';
import { PutTagsDto, TagClaimDto } from './dto/evidence-input.dto.js';

/**
 * The tags body is a bare JSON array ([{ code, justification }]), which the global pipe cannot
 * validate; this validates it as `tags` so errors name fields like `tags.2.justification`.
 */
@Injectable()
export class TagsBodyPipe implements PipeTransform<unknown, TagClaimDto[]> {
  transform(value: unknown): TagClaimDto[] {
    const body = Array.isArray(value) ? { tags: value } : value;
    if (typeof body !== 'object' || body === null || !('tags' in body)) {
      throw AppError.field('tags', 'must be an array of { code, justification }');
    }
    const dto = plainToInstance(PutTagsDto, body);
    const errors = flattenValidationErrors(
      validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }),
    );
    if (errors.length > 0) throw AppError.validation(errors);
    return dto.tags;
  }
}
