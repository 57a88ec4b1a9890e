import type { OtjProgressDto } from '../../modules/otj/dto/otj.dto.js';
import { minimumHours } from '../../modules/otj/otj-rules.js';
import { formText } from '../forms.js';
import type { PostedForm } from '../forms.js';

/** The planned-hours form as the API's SetOtjPlanDto takes it; blank optional fields left out. */
export function planBody(form: PostedForm): Record<string, unknown> {
  const number = (v?: string) => (v && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v);
  const [plannedHours, rplHours, reason] = ['plannedHours', 'rplHours', 'reason'].map((name) =>
    formText(form[name]),
  );
  return {
    plannedHours: number(plannedHours),
    rplHours: rplHours?.trim() ? number(rplHours) : undefined,
    reason: reason?.trim() ? reason : undefined,
  };
}

/** For the DTO's checks: whole numbers of hours. */
export const PLAN_FORM_WORDS: Record<string, string> = {
  plannedHours: 'Enter the planned hours as a whole number',
  rplHours:
    'Enter the reduction for recognised prior learning as a whole number of hours, such as 0',
};

/**
 * For the service's rules (otj-plan.service.ts), whose API wording is a fragment after the field
 * ("is below the 187-hour floor…"): full sentences for the tutor, with the figures that apply.
 * `rplHours`: the reduction the plan is being set with.
 */
export function planRuleWords(p: OtjProgressDto, rplHours: number): Record<string, string> {
  const minimum = minimumHours(p.publishedMinimumHours, rplHours, p.floorHours);
  const less = rplHours > 0 ? `, less ${rplHours} hours of recognised prior learning` : '';
  return {
    plannedHours:
      minimum !== null && minimum > p.floorHours
        ? `Enter at least ${minimum} planned hours: this standard version’s minimum is ${p.publishedMinimumHours} hours${less}`
        : `Enter at least ${p.floorHours} planned hours: the ${p.ruleYear} rules never allow fewer`,
    reason:
      'Say what error the new planned hours correct, in at least 10 characters: hours already set change only to correct an error',
  };
}
