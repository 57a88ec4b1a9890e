import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Database } from '../../common/database/database.js';
import { Page, PageQueryDto, toPage } from '../../common/dto/page.dto.js';
import { CreateCommentDto } from './dto/evidence-input.dto.js';
import { CommentDto } from './dto/evidence.dto.js';
import { CommentEntity } from './entities/comment.entity.js';
import { referenceOf } from './entities/evidence.entity.js';
import { EvidenceStore } from './evidence-store.js';

/** The comment thread on a piece of evidence (reviews add to it too, in their own transaction). */
@Injectable()
export class EvidenceCommentsService {
  constructor(
    private readonly db: Database,
    private readonly store: EvidenceStore,
    private readonly audit: AuditWriter,
  ) {}

  /** The thread, oldest first, a page at a time like every list. */
  async list(evidenceId: string, page: PageQueryDto): Promise<Page<CommentDto>> {
    const items = await this.commentRows(evidenceId, null, page);
    const [{ total }] = await this.db.query<{ total: number }[]>(
      'SELECT count(*)::int AS total FROM comments WHERE evidence_id = $1',
      [evidenceId],
    );
    return toPage(items, total, page);
  }

  /** The thread, or (with `commentId`) the one comment just written. */
  private commentRows(
    evidenceId: string,
    commentId: string | null,
    page: PageQueryDto = { limit: 1, offset: 0 },
  ): Promise<CommentDto[]> {
    return this.db.query<CommentDto[]>(
      `SELECT c.id, json_build_object('id', u.id, 'name', u.name, 'role', u.role) AS author, c.body,
              c.created_at AS "createdAt"
       FROM comments c JOIN users u ON u.id = c.author_id
       WHERE c.evidence_id = $1 AND ($2::uuid IS NULL OR c.id = $2::uuid)
       ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4`,
      [evidenceId, commentId, page.limit, page.offset],
    );
  }

  async add(user: AuthUser, evidenceId: string, dto: CreateCommentDto): Promise<CommentDto> {
    const id = await this.db.transaction(async () => {
      const m = this.db.manager;
      const evidence = await this.store.load(evidenceId, true);
      const created = await m.save(
        m.create(CommentEntity, {
          evidenceId: evidence.id,
          authorId: user.id,
          body: dto.body,
        }),
      );
      await this.audit.record({
        apprenticeshipId: evidence.apprenticeshipId,
        actorId: user.id,
        action: 'evidence.commented',
        entityType: 'comment',
        entityId: created.id,
        after: { evidence: referenceOf(evidence), body: dto.body },
      });
      return created.id;
    });
    return (await this.commentRows(evidenceId, id))[0];
  }
}
