import { describe, expect, it } from '@jest/globals';
import { formErrorsAt, formList, formText, inPageOrder } from './forms.js';

describe('reading a posted form', () => {
  it('takes a field as text, the first when its name came twice, none when it is not text', () => {
    expect(formText('7')).toBe('7');
    expect(formText(['1', '2'])).toBe('1');
    expect(formText(undefined)).toBeUndefined();
    expect(formText([])).toBeUndefined();
    // A JSON body sent to a page can hold anything.
    expect(formText(7)).toBeUndefined();
    expect(formText({ trim: 'x' })).toBeUndefined();
    expect(formText([{ a: 1 }, 'x'])).toBeUndefined();
  });

  it('takes ticked boxes as a list of text, leaving out what is not text', () => {
    expect(formList('K1')).toEqual(['K1']);
    expect(formList(['K1', 'S2'])).toEqual(['K1', 'S2']);
    expect(formList(undefined)).toEqual([]);
    expect(formList(['K1', 3, null, { code: 'S2' }])).toEqual(['K1']);
  });
});

describe('the error summary', () => {
  it('follows the order of the page, prefixes for families of fields, the rest after', () => {
    const errors = formErrorsAt({
      other: { text: 'Something else' },
      'justification-K5': { text: 'Say how' },
      tags: { text: 'Tick one' },
      title: { text: 'Enter a title' },
      'justification-B1': { text: 'Say how' },
    });
    const ordered = inPageOrder(errors, ['title', 'tags', 'justification-']);
    expect(ordered.summary.map((s) => s.href)).toEqual([
      '#title',
      '#tags',
      '#justification-K5',
      '#justification-B1',
      '#other',
    ]);
    expect(ordered.fields).toEqual(errors.fields);
  });
});
