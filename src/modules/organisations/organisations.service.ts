import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Page } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import {
  CreateOrganisationDto,
  ListOrganisationsQueryDto,
  OrganisationDto,
  toOrganisationDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto.js';
import { OrganisationEntity, OrganisationKind } from './organisation.entity.js';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(OrganisationEntity) private readonly orgs: Repository<OrganisationEntity>,
  ) {}

  /**
   * Who sees which organisations: admins all; everyone else their own organisation and their
   * provider; providers also their employers and the assessment organisations they assign from.
   */
  private visible(user: AuthUser): SelectQueryBuilder<OrganisationEntity> {
    const qb = this.orgs.createQueryBuilder('o');
    if (user.role === 'admin') return qb;
    return qb.where(
      new Brackets((w) => {
        w.where('o.id IN (:...own)', {
          own: [user.organisationId, user.providerId].filter(Boolean),
        });
        if (user.role === 'provider') {
          w.orWhere('o.provider_id = :tenant', { tenant: user.providerId }).orWhere(
            `o.kind = 'assessment_organisation'`,
          );
        }
      }),
    );
  }

  /**
   * The provider a new cohort or apprenticeship belongs to: a provider user's own (a different one
   * in the request is refused); an admin must name an existing provider.
   */
  async providerFor(user: AuthUser, requested?: string): Promise<string> {
    if (user.role === 'provider') {
      if (requested && requested !== user.providerId) {
        throw AppError.field('providerId', 'must be your own provider');
      }
      return user.providerId!;
    }
    if (!requested) throw AppError.field('providerId', 'is required');
    if (!(await this.orgs.existsBy({ id: requested, kind: 'provider' }))) {
      throw AppError.field('providerId', 'does not name a provider');
    }
    return requested;
  }

  async list(user: AuthUser, query: ListOrganisationsQueryDto): Promise<Page<OrganisationDto>> {
    const qb = this.visible(user);
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    const [rows, total] = await qb
      .orderBy('o.name')
      .addOrderBy('o.id')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items: rows.map(toOrganisationDto), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthUser, id: string): Promise<OrganisationDto> {
    return toOrganisationDto(await this.requireVisible(user, id));
  }

  async requireVisible(user: AuthUser, id: string): Promise<OrganisationEntity> {
    const org = await this.visible(user).andWhere('o.id = :id', { id }).getOne();
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }

  async create(user: AuthUser, dto: CreateOrganisationDto): Promise<OrganisationDto> {
    if (user.role === 'provider' && dto.kind !== 'employer') {
      throw AppError.forbidden('Provider users can add employers only');
    }
    const providerId = user.role === 'provider' ? user.providerId : (dto.providerId ?? null);
    if (user.role === 'provider' && dto.providerId && dto.providerId !== user.providerId) {
      throw AppError.field('providerId', 'must be your own provider');
    }
    await this.checkShape(dto.kind, dto.ukprn ?? null, providerId);
    checkThreshold(dto.kind, dto.evidenceThreshold);
    const org = await this.orgs.save(
      this.orgs.create({
        kind: dto.kind,
        name: dto.name,
        ukprn: dto.ukprn ?? null,
        providerId,
        evidenceThreshold: dto.evidenceThreshold ?? null,
      }),
    );
    return toOrganisationDto(org);
  }

  async update(user: AuthUser, id: string, dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    const org = await this.requireVisible(user, id);
    // Provider users edit their employers and their own provider (not its UKPRN).
    const ownProvider = user.role === 'provider' && org.id === user.providerId;
    const mayEdit =
      user.role === 'admin' ||
      ownProvider ||
      (user.role === 'provider' && org.providerId === user.providerId);
    if (!mayEdit) throw AppError.forbidden();
    if (ownProvider && dto.ukprn !== undefined)
      throw AppError.forbidden('Only an admin changes a UKPRN');
    checkThreshold(org.kind, dto.evidenceThreshold);
    if (dto.ukprn !== undefined) await this.checkShape(org.kind, dto.ukprn, org.providerId, org.id);
    Object.assign(org, dto);
    return toOrganisationDto(await this.orgs.save(org));
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const org = await this.requireVisible(user, id);
    if (user.role !== 'admin') throw AppError.forbidden();
    await this.orgs.delete(org.id);
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
