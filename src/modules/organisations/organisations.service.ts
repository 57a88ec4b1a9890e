import { Injectable } from '@nestjs/common';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Page, paginate } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import { Database } from '../../common/database/database.js';
import { organisationScope } from '../access/access-scopes.js';
import { AccessService } from '../access/access.service.js';
import { Permission } from '../access/permission.js';
import {
  CreateOrganisationDto,
  ListOrganisationsQueryDto,
  OrganisationDto,
  toOrganisationDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto.js';
import { OrganisationEntity } from './organisation.entity.js';
import type { OrganisationKind } from '../../common/vocabulary.js';

const auditShape = (o: OrganisationEntity) => ({
  kind: o.kind,
  name: o.name,
  ukprn: o.ukprn,
  providerId: o.providerId,
  evidenceThreshold: o.evidenceThreshold,
});

/** Providers, employers and assessment organisations (who may: the access room). */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
  ) {}

  private get orgs() {
    return this.db.manager.getRepository(OrganisationEntity);
  }

  /**
   * The provider a new cohort or apprenticeship belongs to: a provider user's own (a different one
   * in the request is refused); an admin must name an existing provider.
   */
  async providerFor(user: AuthUser, requested?: string): Promise<string> {
    if (user.providerId) {
      if (requested && requested !== user.providerId) {
        throw AppError.field('providerId', 'must be your own provider');
      }
      return user.providerId;
    }
    if (!requested) throw AppError.field('providerId', 'is required');
    if (!(await this.orgs.existsBy({ id: requested, kind: 'provider' }))) {
      throw AppError.field('providerId', 'does not name a provider');
    }
    return requested;
  }

  async list(user: AuthUser, query: ListOrganisationsQueryDto): Promise<Page<OrganisationDto>> {
    const scope = organisationScope(user, 'o');
    const qb = this.orgs.createQueryBuilder('o').where(scope.sql, scope.params);
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    return paginate(qb.orderBy('o.name').addOrderBy('o.id'), query, (rows) =>
      rows.map(toOrganisationDto),
    );
  }

  async get(id: string): Promise<OrganisationDto> {
    return toOrganisationDto(await this.load(id));
  }

  private async load(id: string): Promise<OrganisationEntity> {
    const org = await this.orgs.findOneBy({ id });
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }

  async create(user: AuthUser, dto: CreateOrganisationDto): Promise<OrganisationDto> {
    if (dto.kind !== 'employer' && !this.access.holds(user, Permission.OrganisationCreateAnyKind)) {
      throw AppError.forbidden('Provider users can add employers only');
    }
    // A provider user's employers are their own provider's, whatever the request says.
    if (user.providerId && dto.providerId && dto.providerId !== user.providerId) {
      throw AppError.field('providerId', 'must be your own provider');
    }
    const providerId = user.providerId ?? dto.providerId ?? null;
    await this.checkShape(dto.kind, dto.ukprn ?? null, providerId);
    checkThreshold(dto.kind, dto.evidenceThreshold);
    return this.db.transaction(async () => {
      const org = await this.orgs.save(
        this.orgs.create({
          kind: dto.kind,
          name: dto.name,
          ukprn: dto.ukprn ?? null,
          providerId,
          evidenceThreshold: dto.evidenceThreshold ?? null,
        }),
      );
      await this.audit.recordChange(
        user.id,
        'organisation.created',
        { type: 'organisation', id: org.id },
        null,
        auditShape(org),
      );
      return toOrganisationDto(org);
    });
  }

  async update(user: AuthUser, id: string, dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.db.transaction(async () => {
      const org = await this.load(id);
      if (dto.ukprn !== undefined && org.kind === 'provider') {
        await this.access.require(user, Permission.OrganisationSetUkprn, id);
      }
      const before = auditShape(org);
      checkThreshold(org.kind, dto.evidenceThreshold);
      if (dto.ukprn !== undefined)
        await this.checkShape(org.kind, dto.ukprn, org.providerId, org.id);
      Object.assign(org, dto);
      const saved = await this.orgs.save(org);
      // The evidence threshold changes every coverage figure of the provider: worth a record.
      await this.audit.recordChange(
        user.id,
        'organisation.updated',
        { type: 'organisation', id: saved.id },
        before,
        auditShape(saved),
      );
      return toOrganisationDto(saved);
    });
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.db.transaction(async () => {
      const org = await this.load(id);
      await this.orgs.delete(org.id);
      await this.audit.recordChange(
        user.id,
        'organisation.deleted',
        { type: 'organisation', id: org.id },
        auditShape(org),
        null,
      );
    });
  }

  private async checkShape(
    kind: OrganisationKind,
    ukprn: string | null,
    providerId: string | null,
    selfId?: string,
  ): Promise<void> {
    if (kind === 'provider' && !ukprn) throw AppError.field('ukprn', 'is required for a provider');
    if (kind !== 'provider' && ukprn) throw AppError.field('ukprn', 'applies to providers only');
    if (kind === 'employer') {
      if (!providerId) throw AppError.field('providerId', 'is required for an employer');
      const provider = await this.orgs.findOneBy({ id: providerId, kind: 'provider' });
      if (!provider) throw AppError.field('providerId', 'does not name a provider');
    } else if (providerId) {
      throw AppError.field('providerId', 'applies to employers only');
    }
    if (ukprn) {
      const clash = await this.orgs.findOneBy({ ukprn });
      if (clash && clash.id !== selfId)
        throw AppError.conflict(`UKPRN ${ukprn} is already registered`);
    }
  }
}

function checkThreshold(kind: OrganisationKind, threshold: number | null | undefined): void {
  if (threshold !== undefined && threshold !== null && kind !== 'provider') {
    throw AppError.field('evidenceThreshold', 'applies to providers only');
  }
}
