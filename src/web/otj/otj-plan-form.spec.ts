import { describe, expect, it } from '@jest/globals';
import type { OtjProgressDto } from '../../modules/otj/dto/otj.dto.js';
import { planBody, planRuleWords } from './otj-plan-form.js';

const progress = (publishedMinimumHours: number | null) =>
  ({ publishedMinimumHours, floorHours: 187, ruleYear: '2025/26', rplHours: 0 }) as OtjProgressDto;

describe('the planned-hours form', () => {
  it('sends whole numbers as numbers and leaves blank optional fields out', () => {
    expect(planBody({ plannedHours: ' 400 ', rplHours: '', reason: '  ' })).toEqual({
      plannedHours: 400,
      rplHours: undefined,
      reason: undefined,
    });
    expect(planBody({ plannedHours: '4.5', rplHours: '20' })).toMatchObject({
      plannedHours: '4.5',
      rplHours: 20,
    });
  });

  it("says in full sentences what the service's rules need, with the figures that apply", () => {
    expect(planRuleWords(progress(null), 0).plannedHours).toBe(
      'Enter at least 187 planned hours: the 2025/26 rules never allow fewer',
    );
    expect(planRuleWords(progress(300), 50).plannedHours).toBe(
      'Enter at least 250 planned hours: this standard version’s minimum is 300 hours, less 50 hours of recognised prior learning',
    );
    expect(planRuleWords(progress(300), 0).plannedHours).toBe(
      'Enter at least 300 planned hours: this standard version’s minimum is 300 hours',
    );
    // Prior learning that takes the minimum under the floor: the floor applies.
    expect(planRuleWords(progress(300), 200).plannedHours).toBe(
      'Enter at least 187 planned hours: the 2025/26 rules never allow fewer',
    );
    expect(planRuleWords(progress(null), 0).reason).toMatch(/^Say what error .* 10 characters/);
  });
});
