import { describe, expect, it } from '@jest/globals';
import { gatewayGaps, groupHeldBack, inWords, requiredScope } from './gateway-check.js';

const e = (n: number) => ({ id: `id-${n}`, reference: `E${n}`, title: `Evidence ${n}` });

describe('the gateway check in words', () => {
  it('joins a list as a sentence does', () => {
    expect(inWords(['E4'])).toBe('E4');
    expect(inWords(['E4', 'E5'])).toBe('E4 and E5');
    expect(inWords(['E4', 'E5', 'E7'])).toBe('E4, E5 and E7');
  });

  it('says whether gateway asks for every K, S and B or fewer, and how many duties it leaves out', () => {
    const criteria = [
      { kind: 'knowledge' as const },
      { kind: 'skill' as const },
      { kind: 'behaviour' as const },
      { kind: 'duty' as const },
    ];
    expect(requiredScope(criteria, 3)).toEqual({
      required: 3,
      ksbs: 3,
      duties: 1,
      total: 4,
      everyKsb: true,
    });
    expect(requiredScope(criteria, 2).everyKsb).toBe(false);
  });

  it('puts criteria held back together by the evidence they wait for, in order', () => {
    const groups = groupHeldBack([
      { code: 'K2', evidence: [e(4), e(5)] },
      { code: 'S1', evidence: [e(4)] },
      { code: 'B1', evidence: [e(4)] },
    ]);
    expect(groups.map((g) => [g.codes, g.waitingFor])).toEqual([
      [['K2'], 'E4 and E5'],
      [['S1', 'B1'], 'E4'],
    ]);
  });

  it('names what the check still lacks, and nothing once it is met', () => {
    const otj = { approvedHours: 120, targetHours: 300, met: false };
    expect(gatewayGaps({ required: ['K1', 'S1'], missing: ['S1'], otj })).toBe(
      '1 of the 2 required criteria is not evidenced by accepted evidence and only 120 of the 300 off-the-job hours needed are approved',
    );
    expect(gatewayGaps({ required: ['K1'], missing: [], otj: { ...otj, approvedHours: 0 } })).toBe(
      'none of the 300 off-the-job hours needed are approved yet',
    );
    expect(
      gatewayGaps({
        required: ['K1'],
        missing: [],
        otj: { ...otj, approvedHours: 300, met: true },
      }),
    ).toBe('');
  });
});
