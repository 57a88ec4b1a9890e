import { AuditEventEntity } from '../common/audit/audit-event.entity.js';
import { CommentEntity } from '../modules/evidence/entities/comment.entity.js';
import { EvidenceFileEntity } from '../modules/evidence/entities/evidence-file.entity.js';
import { EvidenceTagEntity } from '../modules/evidence/entities/evidence-tag.entity.js';
import { EvidenceEntity } from '../modules/evidence/entities/evidence.entity.js';
import { ApprenticeshipEntity } from '../modules/apprenticeships/apprenticeship.entity.js';
import { CohortEntity } from '../modules/cohorts/cohort.entity.js';
import { DeclarationEntity } from '../modules/gateway/declaration.entity.js';
import { IdempotencyKeyEntity } from '../modules/idempotency/idempotency-key.entity.js';
import { PortfolioSnapshotEntity } from '../modules/gateway/portfolio-snapshot.entity.js';
import { SnapshotEvidenceEntity } from '../modules/gateway/snapshot-evidence.entity.js';
import { OrganisationEntity } from '../modules/organisations/organisation.entity.js';
import { AssessmentMethodEntity } from '../modules/standards/entities/assessment-method.entity.js';
import { CriterionEntity } from '../modules/standards/entities/criterion.entity.js';
import { DutyLinkEntity } from '../modules/standards/entities/duty-link.entity.js';
import { StandardEntity } from '../modules/standards/entities/standard.entity.js';
import { UserEntity } from '../modules/users/user.entity.js';
import { OtjCategoryEntity } from '../modules/otj/entities/otj-category.entity.js';
import { OtjEntryEntity } from '../modules/otj/entities/otj-entry.entity.js';
import { OtjPlanEntity } from '../modules/otj/entities/otj-plan.entity.js';
import { OtjRuleYearEntity } from '../modules/otj/entities/otj-rule-year.entity.js';
import { ProgressReviewEntity } from '../modules/reviews/progress-review.entity.js';
import { ProgressReviewSignatureEntity } from '../modules/reviews/progress-review-signature.entity.js';

/** Every entity, listed explicitly: globs do not survive ESM + ts-jest. */
export const ENTITIES = [
  StandardEntity,
  CriterionEntity,
  DutyLinkEntity,
  AssessmentMethodEntity,
  OrganisationEntity,
  UserEntity,
  CohortEntity,
  ApprenticeshipEntity,
  EvidenceEntity,
  EvidenceFileEntity,
  EvidenceTagEntity,
  CommentEntity,
  AuditEventEntity,
  PortfolioSnapshotEntity,
  SnapshotEvidenceEntity,
  DeclarationEntity,
  IdempotencyKeyEntity,
  OtjRuleYearEntity,
  OtjCategoryEntity,
  OtjPlanEntity,
  OtjEntryEntity,
  ProgressReviewEntity,
  ProgressReviewSignatureEntity,
];
