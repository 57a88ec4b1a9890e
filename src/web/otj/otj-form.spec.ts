import { describe, expect, it } from '@jest/globals';
import { atCriteriaField, entryBody, withEntryRules } from './otj-form.js';
import { dateFields, formErrorsAt } from '../forms.js';

describe('the add-an-entry form', () => {
  it('turns hours and minutes into h:mm and the criteria text into codes', () => {
    const body = entryBody({
      ...dateFields('activityDate', '2026-03-02'),
      hours: '1',
      minutes: '30',
      criteria: 'k5, s3  b1',
      evidenceId: '',
      startTime: '',
    });
    expect(body).toMatchObject({
      activityDate: '2026-03-02',
      duration: '1:30',
      criteria: ['K5', 'S3', 'B1'],
    });
    expect(body.evidenceId).toBeUndefined();
    expect(body.startTime).toBeUndefined();
    expect(entryBody({ hours: '2' }).duration).toBe('2:00');
    expect(entryBody({ minutes: '45' }).duration).toBe('0:45');
    expect(entryBody({}).duration).toBeUndefined();
  });

  it('names a date out of range and a duration out of range in the same round as the rest', () => {
    const dates = { startDate: '2026-01-05', today: '2026-03-02', unknownCriteria: [] };
    const missing = formErrorsAt({ category: { text: 'Choose what kind of training it was' } });
    const form = { ...dateFields('activityDate', '2026-03-03'), hours: '30', category: '' };
    const errors = withEntryRules(missing, form, dates);
    expect(Object.keys(errors.fields).sort()).toEqual(['activityDate', 'category', 'duration']);
    const early = withEntryRules(
      missing,
      { ...form, ...dateFields('activityDate', '2026-01-04') },
      dates,
    );
    expect(early.fields.activityDate).toBeDefined();
    const fine = withEntryRules(
      missing,
      { ...form, ...dateFields('activityDate', '2026-03-02'), hours: '2' },
      dates,
    );
    expect(Object.keys(fine.fields)).toEqual(['category']);
    // Zero is refused too; a malformed date is the DTO's to name, not this rule's.
    expect(
      withEntryRules(missing, { hours: '0', minutes: '0' }, dates).fields.duration,
    ).toBeDefined();
    expect(
      withEntryRules(missing, { 'activityDate-day': 'soon' }, dates).fields.activityDate,
    ).toBeUndefined();
  });

  it('names a missing duration and codes this standard does not have in the same round', () => {
    // As OtjEntryInput.unknownCriteria finds them for 'k5, K99 zz' on a standard with K5.
    const context = {
      startDate: '2026-01-05',
      today: '2026-03-02',
      unknownCriteria: ['K99', 'ZZ'],
    };
    const errors = withEntryRules(
      formErrorsAt({}),
      { ...dateFields('activityDate', '2026-03-02'), criteria: 'k5, K99 zz' },
      context,
    );
    expect(errors.fields.duration).toBeDefined();
    expect(errors.fields.criteria.text).toBe(
      '“K99” and “zz” are not codes of this standard: enter codes such as K5 or S3',
    );
    // As the page shows it (atCriteriaField, last before the page): in the page's order.
    expect(atCriteriaField(errors).summary.map((s) => s.href)).toEqual(['#duration', '#criteria']);
  });

  it('shows every criterion error at the one criteria field, in the order of the page', () => {
    const errors = atCriteriaField({
      summary: [
        { text: 'Is "K99"…', href: '#criteria-0' },
        { text: 'Enter a date', href: '#activityDate' },
      ],
      fields: { 'criteria-0': { text: 'Is "K99"…' }, activityDate: { text: 'Enter a date' } },
    });
    expect(Object.keys(errors.fields).sort()).toEqual(['activityDate', 'criteria']);
    expect(errors.fields.criteria.text).toBe(
      '“K99” is not a code of this standard: enter codes such as K5 or S3',
    );
    // Quoted as typed, not as the API was sent it.
    const banana = atCriteriaField(
      formErrorsAt({ 'criteria-1': { text: 'Is "BANANA", which is not …' } }),
      { criteria: 'K5, banana' },
    );
    expect(banana.fields.criteria.text).toBe(
      '“banana” is not a code of this standard: enter codes such as K5 or S3',
    );
    expect(errors.summary.map((s) => s.href)).toEqual(['#activityDate', '#criteria']);
  });
});
