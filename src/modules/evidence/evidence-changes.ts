import { Injectable } from '@nestjs/common';
import { Database } from '../../common/database/database.js';
import type { ChangesSinceReviewDto, EvidenceDto } from './dto/evidence.dto.js';

type Reviewed = Partial<Record<(typeof FIELDS)[number], unknown>> & {
  justifications?: Record<string, string>;
};

const FIELDS = ['title', 'description', 'kind', 'activityDate', 'links'] as const;

/**
 * What changed since the last review, for the reviewer of a resubmission: the evidence as it was
 * reviewed is on the audit trail (evidence.reviewed), so this is a diff against that record.
 */
@Injectable()
export class EvidenceChanges {
  constructor(private readonly db: Database) {}

  async since(evidence: EvidenceDto): Promise<ChangesSinceReviewDto | null> {
    const [event] = await this.db.query<
      {
        reviewed: Reviewed | null;
        created_at: Date;
        actor_id: string | null;
        actor_name: string | null;
      }[]
    >(
      `SELECT e.after -> 'reviewed' AS reviewed, e.created_at, u.id AS actor_id, u.name AS actor_name
       FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.entity_id = $1 AND e.action = 'evidence.reviewed' ORDER BY e.id DESC LIMIT 1`,
      [evidence.id],
    );
    if (!event?.reviewed) return null;
    const was = event.reviewed;
    const fields = FIELDS.filter(
      (f) => f in was && JSON.stringify(was[f]) !== JSON.stringify(evidence[f]),
    ).map((field) => ({ field, before: was[field], after: evidence[field] }));
    const before = was.justifications ?? {};
    const now = Object.fromEntries(evidence.tags.map((t) => [t.code, t.justification]));
    const codes = [...new Set([...Object.keys(before), ...Object.keys(now)])];
    const tags = codes.flatMap((code) => {
      const [b, a] = [before[code] ?? null, now[code] ?? null];
      if (b === a) return [];
      const change = b === null ? 'added' : a === null ? 'removed' : 'justification';
      return [{ code, change, before: b, after: a }];
    });
    return {
      reviewedAt: event.created_at,
      reviewedBy: event.actor_id ? { id: event.actor_id, name: event.actor_name! } : null,
      fields,
      tags,
    };
  }
}
