import type { CriterionKind } from '../../common/vocabulary.js';
import type { HeldBackCriterion } from '../../modules/gateway/gateway.service.js';

const AND = new Intl.ListFormat('en-GB', { type: 'conjunction' });

/** "E4", "E4 and E5", "E4, E5 and E7". */
export const inWords = (items: readonly string[]): string => AND.format(items);

/**
 * What gateway asks of the standard, to explain its count beside the portfolio's (which counts
 * every criterion, duties included): every K, S and B, or only those the assessment methods cover
 * (GatewayService.gaps). `required` is the number gateway requires.
 */
export function requiredScope(criteria: readonly { kind: CriterionKind }[], required: number) {
  const ksbs = criteria.filter((c) => c.kind !== 'duty').length;
  return {
    required,
    ksbs,
    duties: criteria.length - ksbs,
    total: criteria.length,
    everyKsb: required === ksbs,
  };
}

export interface HeldBackGroup {
  codes: string[];
  evidence: HeldBackCriterion['evidence'];
  /** "E4", or "E4 and E5": what must be accepted for the codes to count. */
  waitingFor: string;
}

/** Criteria accepted on evidence sent back for changes, put together by the evidence they wait for. */
export function groupHeldBack(heldBack: readonly HeldBackCriterion[]): HeldBackGroup[] {
  const groups = new Map<string, HeldBackGroup>();
  for (const { code, evidence } of heldBack) {
    const key = evidence.map((e) => e.id).join(' ');
    const group = groups.get(key);
    if (group) group.codes.push(code);
    else
      groups.set(key, {
        codes: [code],
        evidence,
        waitingFor: inWords(evidence.map((e) => e.reference)),
      });
  }
  return [...groups.values()];
}

/** What the gateway check still lacks, in words ("58 of the 70 … and only 120 of …"); '' when met. */
export function gatewayGaps(state: {
  required: readonly string[];
  missing: readonly string[];
  otj: { approvedHours: number; targetHours: number; met: boolean };
}): string {
  const gaps: string[] = [];
  const n = state.missing.length;
  if (n > 0) {
    gaps.push(
      `${n} of the ${state.required.length} required criteria ${n === 1 ? 'is' : 'are'} not evidenced by accepted evidence`,
    );
  }
  const { approvedHours, targetHours, met } = state.otj;
  if (!met) {
    gaps.push(
      approvedHours > 0
        ? `only ${approvedHours} of the ${targetHours} off-the-job hours needed ${approvedHours === 1 ? 'is' : 'are'} approved`
        : `none of the ${targetHours} off-the-job hours needed are approved yet`,
    );
  }
  return inWords(gaps);
}
