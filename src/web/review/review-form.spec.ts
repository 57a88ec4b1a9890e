import { describe, expect, it } from '@jest/globals';
import type { ReviewEvidenceDto } from '../../modules/evidence/dto/evidence-input.dto.js';
import {
  atReviewFields,
  reviewBody,
  reviewFriendly,
  reviewSummaryOrder,
  waitingFor,
  withDecisionErrors,
} from './review-form.js';
import { inPageOrder } from '../forms.js';

const tags = [
  { code: 'K5', status: 'claimed' as const, reason: null },
  { code: 'S2', status: 'claimed' as const, reason: null },
  { code: 'B1', status: 'claimed' as const, reason: null },
];

describe('the review form', () => {
  it('sends only decided tags, with their reasons, and remembers which code each one is', () => {
    const { codes, body } = reviewBody(
      {
        'decision-K5': 'accepted',
        'reason-K5': '  ',
        'decision-B1': 'rejected',
        'reason-B1': ' No artefact. ',
        'reason-S2': 'ignored: no decision',
        outcome: 'changes_requested',
        comment: '',
      },
      tags,
    );
    expect(codes).toEqual(['K5', 'B1']);
    expect(body).toEqual({
      decisions: [
        { code: 'K5', decision: 'accepted' },
        { code: 'B1', decision: 'rejected', reason: 'No artefact.' },
      ],
      outcome: 'changes_requested',
    });
  });

  it("puts the API's numbered paths at the criterion's own fields", () => {
    const errors = atReviewFields(
      {
        summary: [],
        fields: {
          'decisions-1-reason': { text: 'Enter why B1 is rejected' },
          outcome: { text: 'Choose' },
        },
      },
      ['K5', 'B1'],
    );
    expect(errors.summary).toEqual([
      { text: 'Enter why B1 is rejected', href: '#reason-B1' },
      { text: 'Choose', href: '#outcome' },
    ]);
  });

  it("adds the review rule's own errors when the form's shape is already wrong", () => {
    const { codes, body } = reviewBody({ 'decision-S2': 'rejected' }, tags);
    const friendly = reviewFriendly(codes);
    const errors = withDecisionErrors(
      { summary: [], fields: { outcome: { text: friendly.outcome } } },
      body as ReviewEvidenceDto,
      tags,
      codes,
    )!;
    expect(Object.keys(atReviewFields(errors, codes).fields)).toEqual(['reason-S2', 'outcome']);
    expect(errors.fields['decisions-0-reason'].text).toBe('Enter why S2 is rejected');
    expect(errors.fields.outcome.text).toBe(
      'Choose whether to accept the evidence or request changes',
    );
  });

  it('names a refused acceptance by its rule, with a missing reason, in the same round', () => {
    const form = {
      'decision-K5': 'rejected',
      'reason-K5': 'No model card.',
      'decision-S2': 'rejected',
      'decision-B1': 'rejected',
      'reason-B1': 'No stakeholder notes.',
      outcome: 'accepted',
    };
    const { codes, body } = reviewBody(form, tags);
    const errors = withDecisionErrors(undefined, body as ReviewEvidenceDto, tags, codes)!;
    const shown = inPageOrder(atReviewFields(errors, codes), reviewSummaryOrder(tags));
    expect(shown.summary).toEqual([
      { text: 'Enter why S2 is rejected', href: '#reason-S2' },
      {
        text: 'Evidence can be accepted only when at least one of its criteria is accepted: accept a criterion, or choose to request changes',
        href: '#outcome',
      },
    ]);
    expect(JSON.stringify(shown)).not.toContain('Choose whether to accept the evidence');
  });

  it('asks for every criterion to be decided before accepting, and passes a sound form', () => {
    const undecided = reviewBody({ 'decision-K5': 'accepted', outcome: 'accepted' }, tags);
    const errors = withDecisionErrors(
      undefined,
      undecided.body as ReviewEvidenceDto,
      tags,
      undecided.codes,
    );
    expect(errors?.fields.decisions.text).toBe(
      'Accept or reject every criterion before accepting the evidence, or choose to request changes',
    );
    const sound = reviewBody(
      {
        'decision-K5': 'accepted',
        'decision-S2': 'rejected',
        'reason-S2': 'Not shown.',
        'decision-B1': 'accepted',
        outcome: 'accepted',
      },
      tags,
    );
    expect(
      withDecisionErrors(undefined, sound.body as ReviewEvidenceDto, tags, sound.codes),
    ).toBeUndefined();
  });
});

describe('the queue page', () => {
  it('says how long evidence has waited in hours, then days', () => {
    expect(waitingFor(null)).toBe('');
    expect(waitingFor(0.4)).toBe('Waiting less than an hour');
    expect(waitingFor(1.2)).toBe('Waiting 1 hour');
    expect(waitingFor(47.9)).toBe('Waiting 47 hours');
    expect(waitingFor(72)).toBe('Waiting 3 days');
  });
});
