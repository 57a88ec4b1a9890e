import { describe, expect, it } from '@jest/globals';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { freezeBody, freezeErrorsOf } from './gateway-form.js';

describe('the freeze form', () => {
  it('sends the ticked evidence only when the page offered a choice, and no blank reason', () => {
    expect(freezeBody({ overrideReason: '   ' })).toEqual({});
    expect(freezeBody({ selection: 'chosen' })).toEqual({ evidenceIds: [] });
    expect(freezeBody({ selection: 'chosen', evidenceIds: 'a', overrideReason: ' Why. ' })).toEqual(
      { evidenceIds: ['a'], overrideReason: 'Why.' },
    );
    expect(freezeBody({ selection: 'chosen', evidenceIds: ['a', 'b'] })).toEqual({
      evidenceIds: ['a', 'b'],
    });
  });

  it('places the service’s refusals where the person can act on them', () => {
    const refusal = AppError.validation([
      { field: 'declarations', message: 'the apprentice has not signed' },
      { field: 'declarations', message: 'the employer has not signed' },
      { field: 'evidenceIds.1', message: 'is not accepted evidence of this apprenticeship' },
    ]);
    const errors = freezeErrorsOf(refusal);
    expect(errors.fields.declarations.text).toContain('Not signed yet: apprentice, employer');
    expect(errors.fields.evidenceIds.text).toBe(
      'Choose only accepted evidence of this apprenticeship',
    );
    expect(errors.summary.map((s) => s.href)).toEqual(['#declarations', '#evidenceIds']);

    const missing = new AppError(ErrorCode.ValidationFailed, 'Required criteria', [
      { field: 'criteria', message: 'not evidenced', missing: ['K1', 'S2'] },
    ] as never);
    expect(freezeErrorsOf(missing).fields.overrideReason.text).toContain('(K1, S2)');
    const many = new AppError(ErrorCode.ValidationFailed, 'Required criteria', [
      {
        field: 'criteria',
        message: 'not evidenced',
        missing: ['K1', 'K2', 'K3', 'K4', 'K5', 'K6'],
      },
    ] as never);
    expect(freezeErrorsOf(many).fields.overrideReason.text).toContain('(6 of them)');
  });

  it('shows a conflict at the top and lets anything else through to the error page', () => {
    expect(
      freezeErrorsOf(AppError.conflict('The portfolio has already been frozen')).summary,
    ).toEqual([{ text: 'The portfolio has already been frozen', href: '#form' }]);
    const forbidden = AppError.forbidden();
    expect(() => freezeErrorsOf(forbidden)).toThrow(forbidden);
  });
});
