import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Page, paginate } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { Database } from '../../common/database/database.js';
import { userSearchSql } from '../../common/database/search.js';
import { apprenticeshipScope } from '../access/access-scopes.js';
import { CohortEntity } from '../cohorts/cohort.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { StandardsService } from '../standards/standards.service.js';
import { UserEntity } from '../users/user.entity.js';
import { ApprenticeshipEntity } from './apprenticeship.entity.js';
import { ApprenticeshipDto } from './dto/apprenticeship.dto.js';
import { auditShape, checkDates, checkTransition, toDto } from './apprenticeship-rules.js';
import { checkLearner } from './apprenticeship-learner.js';
import {
  CreateApprenticeshipDto,
  ListApprenticeshipsQueryDto,
  UpdateApprenticeshipDto,
} from './dto/apprenticeship-input.dto.js';
import type { Role } from '../../common/vocabulary.js';

@Injectable()
export class ApprenticeshipsService {
  constructor(
    private readonly db: Database,
    private readonly standards: StandardsService,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditWriter,
  ) {}

  private withRelations(qb: SelectQueryBuilder<ApprenticeshipEntity>) {
    return qb
      .innerJoinAndSelect('a.apprentice', 'apprentice')
      .innerJoinAndSelect('a.standard', 'standard')
      .innerJoinAndSelect('a.provider', 'provider')
      .innerJoinAndSelect('a.employer', 'employer')
      .innerJoinAndSelect('a.tutor', 'tutor')
      .leftJoinAndSelect('a.cohort', 'cohort')
      .leftJoinAndSelect('a.assessor', 'assessor');
  }

  /**
   * The apprenticeship, for features under it once the access room has let the caller in;
   * `lock` takes its row for the rest of the ambient transaction. 404 when it does not exist.
   */
  async load(id: string, lock = false): Promise<ApprenticeshipEntity> {
    const found = await this.db.manager.findOne(ApprenticeshipEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!found) throw AppError.notFound('Apprenticeship');
    return found;
  }

  /** Whether a gateway snapshot froze its portfolio (read without the gateway's entities). */
  async isFrozen(id: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      'SELECT 1 FROM portfolio_snapshots WHERE apprenticeship_id = $1 LIMIT 1',
      [id],
    );
    return rows.length > 0;
  }

  async list(user: AuthUser, query: ListApprenticeshipsQueryDto): Promise<Page<ApprenticeshipDto>> {
    const scope = apprenticeshipScope(user, 'a');
    const qb = this.withRelations(
      this.db.manager.createQueryBuilder(ApprenticeshipEntity, 'a').where(scope.sql, scope.params),
    );
    if (query.cohortId) qb.andWhere('a.cohort_id = :cohortId', { cohortId: query.cohortId });
    if (query.tutorId) qb.andWhere('a.tutor_id = :tutorId', { tutorId: query.tutorId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.uln) qb.andWhere('a.uln = :uln', { uln: query.uln });
    // A ULN is looked up by its index; words through the apprentice's full-text index (an OR of
    // the two would defeat both indexes).
    if (query.q && /^\d{10}$/.test(query.q)) qb.andWhere('a.uln = :q', { q: query.q });
    else if (query.q) qb.andWhere(userSearchSql('apprentice', ':q'), { q: query.q });
    return paginate(qb.orderBy('apprentice.name').addOrderBy('a.id'), query, (rows) =>
      rows.map(toDto),
    );
  }

  async get(id: string): Promise<ApprenticeshipDto> {
    const found = await this.withRelations(
      this.db.manager.createQueryBuilder(ApprenticeshipEntity, 'a'),
    )
      .where('a.id = :id', { id })
      .getOne();
    if (!found) throw AppError.notFound('Apprenticeship');
    return toDto(found);
  }

  async create(user: AuthUser, dto: CreateApprenticeshipDto): Promise<ApprenticeshipDto> {
    const providerId = await this.organisations.providerFor(user, dto.providerId);
    const cohort = dto.cohortId ? await this.cohortIn(providerId, dto.cohortId) : null;
    const standardId = await this.standardFor(dto, cohort);
    await this.checkPeople(providerId, dto);
    checkDates(dto.startDate, dto.plannedGatewayDate);
    const created = await this.db.transaction(async () => {
      const m = this.db.manager;
      await checkLearner(this.db, { ...dto, providerId, standardId, checkOpen: true });
      const saved = await m.save(
        m.create(ApprenticeshipEntity, {
          apprenticeId: dto.apprenticeId,
          standardId,
          providerId,
          employerId: dto.employerId,
          cohortId: cohort?.id ?? null,
          tutorId: dto.tutorId,
          assessorId: dto.assessorId ?? null,
          uln: dto.uln,
          startDate: dto.startDate,
          plannedGatewayDate: dto.plannedGatewayDate,
        }),
      );
      await this.audit.record({
        apprenticeshipId: saved.id,
        actorId: user.id,
        action: 'apprenticeship.created',
        entityType: 'apprenticeship',
        entityId: saved.id,
        after: auditShape(saved),
      });
      return saved;
    });
    return this.get(created.id);
  }

  async update(
    user: AuthUser,
    id: string,
    dto: UpdateApprenticeshipDto,
  ): Promise<ApprenticeshipDto> {
    await this.db.transaction(async () => {
      const a = await this.load(id, true);
      if (dto.cohortId) {
        const cohort = await this.cohortIn(a.providerId, dto.cohortId);
        if (cohort.standardId !== a.standardId) {
          throw AppError.field(
            'cohortId',
            "is on a different standard version from this apprenticeship's",
          );
        }
      }
      if (dto.tutorId) await this.requireUser('tutorId', dto.tutorId, 'provider', a.providerId);
      if (dto.assessorId) await this.requireUser('assessorId', dto.assessorId, 'assessor', null);
      if (dto.uln && dto.uln !== a.uln) {
        const claim = { ...a, uln: dto.uln, exceptId: a.id, checkOpen: false };
        await checkLearner(this.db, claim);
      }
      checkDates(dto.startDate ?? a.startDate, dto.plannedGatewayDate ?? a.plannedGatewayDate);
      if (dto.status && dto.status !== a.status) {
        checkTransition(a, dto.status, await this.isFrozen(a.id));
      }
      const before = auditShape(a);
      const changes = {
        cohortId: dto.cohortId,
        tutorId: dto.tutorId,
        assessorId: dto.assessorId,
        uln: dto.uln,
        startDate: dto.startDate,
        plannedGatewayDate: dto.plannedGatewayDate,
        status: dto.status,
      };
      await this.db.manager.update(ApprenticeshipEntity, a.id, changes);
      const after = auditShape({
        ...a,
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      });
      await this.audit.record({
        apprenticeshipId: a.id,
        actorId: user.id,
        action:
          dto.status && dto.status !== a.status
            ? 'apprenticeship.status_changed'
            : 'apprenticeship.updated',
        entityType: 'apprenticeship',
        entityId: a.id,
        before,
        after,
      });
    });
    return this.get(id);
  }

  private async cohortIn(providerId: string, cohortId: string): Promise<CohortEntity> {
    const cohort = await this.db.manager.findOneBy(CohortEntity, { id: cohortId, providerId });
    if (!cohort) throw AppError.field('cohortId', 'does not name a cohort of this provider');
    return cohort;
  }

  private async standardFor(
    dto: CreateApprenticeshipDto,
    cohort: CohortEntity | null,
  ): Promise<string> {
    if (!dto.standardCode) return cohort!.standardId;
    const standard = await this.standards
      .findVersion(dto.standardCode, dto.standardVersion)
      .catch(() => {
        throw AppError.field('standardCode', 'is not a standard version in the catalogue');
      });
    if (cohort && cohort.standardId !== standard.id) {
      throw AppError.field('standardCode', "differs from the cohort's standard version");
    }
    return standard.id;
  }

  private async checkPeople(providerId: string, dto: CreateApprenticeshipDto) {
    const apprentice = await this.requireUser(
      'apprenticeId',
      dto.apprenticeId,
      'apprentice',
      providerId,
    );
    const employer = await this.db.manager.findOneBy(OrganisationEntity, {
      id: dto.employerId,
      kind: 'employer',
      providerId,
    });
    if (!employer) throw AppError.field('employerId', 'does not name an employer of this provider');
    if (apprentice.organisationId !== employer.id) {
      throw AppError.field('employerId', "is not the apprentice's employer");
    }
    await this.requireUser('tutorId', dto.tutorId, 'provider', providerId);
    if (dto.assessorId) await this.requireUser('assessorId', dto.assessorId, 'assessor', null);
  }

  /** A live user with `role` in the provider (or, for assessors, anywhere); else 422 on `field`. */
  private async requireUser(
    field: string,
    id: string,
    role: Role,
    providerId: string | null,
  ): Promise<UserEntity> {
    const user = await this.db.manager.findOneBy(UserEntity, { id, role });
    const inTenant = providerId === null || user?.providerId === providerId;
    if (!user || !inTenant || user.deletedAt || user.disabledAt) {
      throw AppError.field(
        field,
        `does not name an active ${role} user${providerId ? ' of this provider' : ''}`,
      );
    }
    return user;
  }
}
