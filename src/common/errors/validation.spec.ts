import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { StandardDocumentDto } from '../../modules/standards/dto/standard-document.dto.js';
import { flattenValidationErrors } from './validation.js';

describe('validation errors as field errors', () => {
  const errorsOf = async (body: object) => {
    const errors = await validate(plainToInstance(StandardDocumentDto, body), {
      stopAtFirstError: true,
    });
    return Object.fromEntries(flattenValidationErrors(errors).map((e) => [e.field, e.message]));
  };

  it('says a missing field is required, not that it is too long', async () => {
    const errors = await errorsOf({ code: 'ST9999', version: '1.0' });
    expect(errors.title).toBe('title is required');
    expect(errors.level).toBe('level is required');
    expect(errors.criteria).toBe('criteria is required');
  });

  it('keeps the size checks for a value that is there', async () => {
    const errors = await errorsOf({ code: 'ST9999', version: '1.0', title: 'x'.repeat(301) });
    expect(errors.title).toBe('title must be shorter than or equal to 300 characters');
  });
});
