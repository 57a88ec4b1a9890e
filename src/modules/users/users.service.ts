import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Page } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword, passwordWeakness } from '../auth/password.js';
import { OrganisationEntity, OrganisationKind } from '../organisations/organisation.entity.js';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user-input.dto.js';
import { toUserDto, UserDto } from './dto/user.dto.js';
import { Role, UserEntity } from './user.entity.js';

/** The organisation kind each role belongs to (admins belong to none). */
const ORGANISATION_OF: Record<Role, OrganisationKind | null> = {
  admin: null,
  provider: 'provider',
  employer: 'employer',
  apprentice: 'employer',
  assessor: 'assessment_organisation',
};

/** Roles a provider user may create and manage inside their own provider. */
const PROVIDER_MANAGED: Role[] = ['apprentice', 'employer'];

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(OrganisationEntity) private readonly orgs: Repository<OrganisationEntity>,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the service has no users. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.admin;
    if (!admin || (await this.users.exists())) return;
    await this.createAdmin(admin.email, 'Administrator', admin.password);
    this.logger.log(`Created the first admin ${admin.email}`);
  }

  /** Creates an admin, or resets the password of an existing one (CLI: create-admin). */
  async createAdmin(email: string, name: string, password: string): Promise<UserDto> {
    const normalised = email.trim().toLowerCase();
    this.checkPassword(password, normalised);
    const existing = await this.users.findOneBy({ email: normalised });
    if (existing && existing.role !== 'admin') {
      throw AppError.conflict(`${normalised} belongs to a ${existing.role} user`);
    }
    const user = existing ?? this.users.create({ email: normalised, name, role: 'admin' });
    Object.assign(user, {
      passwordHash: await hashPassword(password),
      disabledAt: null,
      deletedAt: null,
    });
    return toUserDto(await this.users.save(user));
  }

  /**
   * Admins see everyone; provider users see the users of their provider and the assessors they can
   * assign; anyone sees themselves.
   */
  private visible(user: AuthUser): SelectQueryBuilder<UserEntity> {
    const qb = this.users.createQueryBuilder('u').where('u.deleted_at IS NULL');
    if (user.role === 'admin') return qb;
    return qb.andWhere(
      new Brackets((w) => {
        w.where('u.id = :self', { self: user.id });
        if (user.role === 'provider') {
          w.orWhere('u.provider_id = :tenant', { tenant: user.providerId }).orWhere(
            `u.role = 'assessor'`,
          );
        }
      }),
    );
  }

  async list(user: AuthUser, query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const qb = this.visible(user);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.organisationId)
      qb.andWhere('u.organisation_id = :org', { org: query.organisationId });
    const [rows, total] = await qb
      .orderBy('u.name')
      .addOrderBy('u.id')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { items: rows.map(toUserDto), total, limit: query.limit, offset: query.offset };
  }

  async get(user: AuthUser, id: string): Promise<UserDto> {
    return toUserDto(await this.requireVisible(user, id));
  }

  private async requireVisible(user: AuthUser, id: string): Promise<UserEntity> {
    const found = await this.visible(user).andWhere('u.id = :id', { id }).getOne();
    if (!found) throw AppError.notFound('User');
    return found;
  }

  private mayManage(user: AuthUser, target: Pick<UserEntity, 'role' | 'providerId'>): boolean {
    if (user.role === 'admin') return true;
    return (
      user.role === 'provider' &&
      target.providerId === user.providerId &&
      PROVIDER_MANAGED.includes(target.role)
    );
  }

  async create(user: AuthUser, dto: CreateUserDto): Promise<UserDto> {
    if (user.role === 'provider' && !PROVIDER_MANAGED.includes(dto.role)) {
      throw AppError.forbidden('Provider users can add apprentices and employer contacts only');
    }
    this.checkPassword(dto.password, dto.email);
    const organisation = await this.organisationFor(user, dto.role, dto.organisationId);
    const providerId =
      organisation?.kind === 'provider' ? organisation.id : (organisation?.providerId ?? null);
    if (await this.users.existsBy({ email: dto.email })) {
      throw AppError.conflict(`A user with email ${dto.email} already exists`);
    }
    const created = await this.users.save(
      this.users.create({
        email: dto.email,
        name: dto.name,
        role: dto.role,
        organisationId: organisation?.id ?? null,
        providerId,
        passwordHash: await hashPassword(dto.password),
      }),
    );
    return toUserDto(created);
  }

  /** Checks the organisation fits the role and, for provider users, lies in their tenant. */
  private async organisationFor(user: AuthUser, role: Role, organisationId?: string) {
    const kind = ORGANISATION_OF[role];
    if (!kind) {
      if (organisationId) throw AppError.field('organisationId', `must be empty for role ${role}`);
      return null;
    }
    if (!organisationId) throw AppError.field('organisationId', `is required for role ${role}`);
    const org = await this.orgs.findOneBy({ id: organisationId });
    const inTenant = user.role === 'admin' || org?.providerId === user.providerId;
    if (!org || !inTenant)
      throw AppError.field('organisationId', 'does not name one of your organisations');
    if (org.kind !== kind)
      throw AppError.field('organisationId', `must be a ${kind} for role ${role}`);
    return org;
  }

  async update(user: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const target = await this.requireVisible(user, id);
    const self = target.id === user.id;
    if (!self && !this.mayManage(user, target)) throw AppError.forbidden();
    if (self && dto.disabled !== undefined)
      throw AppError.field('disabled', 'you cannot disable yourself');
    // Whoever can set a password can sign that person's gateway declaration: only the person
    // themselves or an admin may.
    if (dto.password !== undefined && !self && user.role !== 'admin') {
      throw AppError.forbidden('Only the user or an admin can set a password');
    }
    const before = toUserDto(target);
    if (dto.name !== undefined) target.name = dto.name;
    if (dto.password !== undefined) {
      this.checkPassword(dto.password, target.email);
      target.passwordHash = await hashPassword(dto.password);
    }
    if (dto.disabled !== undefined) target.disabledAt = dto.disabled ? new Date() : null;
    return this.users.manager.transaction(async (m) => {
      const saved = await m.save(UserEntity, target);
      await this.audit.record(m, {
        apprenticeshipId: null,
        actorId: user.id,
        action: 'user.updated',
        entityType: 'user',
        entityId: target.id,
        before,
        after: { ...toUserDto(saved), passwordChanged: dto.password !== undefined },
      });
      return toUserDto(saved);
    });
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const target = await this.requireVisible(user, id);
    if (target.id === user.id) throw AppError.forbidden('You cannot delete yourself');
    if (!this.mayManage(user, target)) throw AppError.forbidden();
    await this.users.manager.transaction(async (m) => {
      await m.update(UserEntity, target.id, { deletedAt: new Date() });
      await this.audit.record(m, {
        apprenticeshipId: null,
        actorId: user.id,
        action: 'user.deleted',
        entityType: 'user',
        entityId: target.id,
        before: toUserDto(target),
      });
    });
  }

  private checkPassword(password: string, email: string): void {
    const weakness = passwordWeakness(password, email);
    if (weakness) throw AppError.field('password', weakness);
  }
}
