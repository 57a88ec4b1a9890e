import { describe, expect, it } from '@jest/globals';
import type { EvidenceDto } from '../../modules/evidence/dto/evidence.dto.js';
import { returnedFromReview } from './returned.js';

const tag = (code: string, status: 'accepted' | 'rejected' | 'claimed') => ({ code, status });
const evidence = (reference: string, status: string, tags: ReturnType<typeof tag>[]) =>
  ({ reference, status, tags }) as unknown as EvidenceDto;

describe('what came back from review', () => {
  it('lists evidence sent back, and evidence with criteria rejected, with the next step', () => {
    const returned = returnedFromReview(
      [
        evidence('E1', 'accepted', [tag('K5', 'accepted'), tag('D2', 'rejected')]),
        evidence('E2', 'changes_requested', [tag('S2', 'rejected')]),
        evidence('E3', 'accepted', [tag('K6', 'accepted')]),
        evidence('E4', 'accepted', [tag('K5', 'accepted'), tag('S1', 'rejected')]),
        evidence('E5', 'changes_requested', [tag('B1', 'claimed')]),
      ],
      [
        { code: 'D2', status: 'missing' },
        { code: 'S1', status: 'evidenced' },
        { code: 'S2', status: 'claimed' },
      ],
    );
    expect(returned.map((e) => [e.reference, e.rejected, e.addFor])).toEqual([
      // Accepted: it can no longer change, so D2 needs new evidence.
      ['E1', ['D2'], ['D2']],
      // Sent back: the apprentice changes this evidence itself.
      ['E2', ['S2'], []],
      // S1 has been evidenced since: nothing more to add.
      ['E4', ['S1'], []],
      ['E5', [], []],
    ]);
  });
});
