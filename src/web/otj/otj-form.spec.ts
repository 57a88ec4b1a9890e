import { describe, expect, it } from '@jest/globals';
import { atCriteriaField, entryBody } from './otj-form.js';

describe('the add-an-entry form', () => {
  it('turns hours and minutes into h:mm and the criteria text into codes', () => {
    const body = entryBody({
      activityDate: '2026-03-02',
      hours: '1',
      minutes: '30',
      criteria: 'k5, s3  b1',
      evidenceId: '',
      startTime: '',
    });
    expect(body).toMatchObject({ duration: '1:30', criteria: ['K5', 'S3', 'B1'] });
    expect(body.evidenceId).toBeUndefined();
    expect(body.startTime).toBeUndefined();
    expect(entryBody({ hours: '2' }).duration).toBe('2:00');
    expect(entryBody({ minutes: '45' }).duration).toBe('0:45');
    expect(entryBody({}).duration).toBeUndefined();
  });

  it('shows every criterion error at the one criteria field', () => {
    const errors = atCriteriaField({
      summary: [
        { text: 'Is "K99"…', href: '#criteria-0' },
        { text: 'Enter a date', href: '#activityDate' },
      ],
      fields: { 'criteria-0': { text: 'Is "K99"…' }, activityDate: { text: 'Enter a date' } },
    });
    expect(Object.keys(errors.fields).sort()).toEqual(['activityDate', 'criteria']);
    expect(errors.summary.map((s) => s.href)).toEqual(['#criteria', '#activityDate']);
  });
});
