import { Injectable } from '@nestjs/common';
import type { AuditEventDto } from '../../common/audit/audit-writer.js';
import { Page, PageQueryDto, toPage } from '../../common/dto/page.dto.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Database } from '../../common/database/database.js';

import { AccessService } from '../access/access.service.js';
import { Permission } from '../access/permission.js';
import { redactForLearners } from './audit-redaction.js';

/** Reads an apprenticeship's trail (access: Permission.AuditRead, checked before). */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /** Newest first. */
  async list(
    user: AuthUser,
    apprenticeshipId: string,
    page: PageQueryDto,
  ): Promise<Page<AuditEventDto | object>> {
    const rows = await this.db.query<
      (AuditEventDto & { actor_id: string | null; actor_name: string | null })[]
    >(
      `SELECT e.id::text AS id, e.apprenticeship_id AS "apprenticeshipId", e.action,
              e.entity_type AS "entityType", e.entity_id AS "entityId", e.before, e.after,
              e.created_at AS "createdAt", u.id AS actor_id, u.name AS actor_name
       FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
       WHERE e.apprenticeship_id = $1 ORDER BY e.id DESC LIMIT $2 OFFSET $3`,
      [apprenticeshipId, page.limit, page.offset],
    );
    const [{ total }] = await this.db.query<{ total: number }[]>(
      'SELECT count(*)::int AS total FROM audit_events WHERE apprenticeship_id = $1',
      [apprenticeshipId],
    );
    const items = rows.map(({ actor_id, actor_name, ...e }) => ({
      ...e,
      actor: actor_id ? { id: actor_id, name: actor_name! } : null,
    }));
    if (this.access.holds(user, Permission.AuditReadInternals)) return toPage(items, total, page);
    return toPage(
      items.map((e) => redactForLearners(e, user.email)),
      total,
      page,
    );
  }
}
