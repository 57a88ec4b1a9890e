import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuditWriter } from '../../common/audit/audit-writer.js';
import { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/clock/clock.js';
import { Page, paginate } from '../../common/dto/page.dto.js';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Database } from '../../common/database/database.js';
import { userSearchSql } from '../../common/database/search.js';
import { PROVIDER_MANAGED_ROLES, seesEmailOf, userScope } from '../access/access-scopes.js';
import { AccessService } from '../access/access.service.js';
import { AuthService } from '../auth/auth.service.js';
import { Permission } from '../access/permission.js';
import { hashPassword, passwordWeakness } from '../../common/security/password.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user-input.dto.js';
import { toUserDto, UserDto } from './dto/user.dto.js';
import { UserEntity } from './user.entity.js';
import type { OrganisationKind, Role } from '../../common/vocabulary.js';

/** The organisation kind each role belongs to (admins belong to none). */
const ORGANISATION_OF: Record<Role, OrganisationKind | null> = {
  admin: null,
  provider: 'provider',
  employer: 'employer',
  apprentice: 'employer',
  assessor: 'assessment_organisation',
};

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly config: AppConfig,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
    private readonly auth: AuthService,
  ) {}

  private get users() {
    return this.db.manager.getRepository(UserEntity);
  }

  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the service has no users. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.admin;
    if (!admin || (await this.users.exists())) return;
    // Several instances starting on an empty database: one creates the admin, the rest see it.
    const created = await this.db.transaction(async () => {
      await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['first-admin']);
      if (await this.users.exists()) return false;
      await this.createAdmin(admin.email, 'Administrator', admin.password);
      return true;
    });
    if (created) this.logger.log(`Created the first admin ${admin.email}`);
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
      // A reset password revokes every token issued before it.
      tokenVersion: (user.tokenVersion ?? 0) + 1,
    });
    return toUserDto(await this.users.save(user));
  }

  async list(user: AuthUser, query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const scope = userScope(user, 'u');
    const qb = this.users.createQueryBuilder('u').where(scope.sql, scope.params);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.organisationId)
      qb.andWhere('u.organisation_id = :org', { org: query.organisationId });
    if (query.q) qb.andWhere(userSearchSql('u', ':q'), { q: query.q });
    return paginate(qb.orderBy('u.name').addOrderBy('u.id'), query, (rows) =>
      rows.map((u) => toUserDto(u, seesEmailOf(user, u))),
    );
  }

  async get(user: AuthUser, id: string): Promise<UserDto> {
    const found = await this.load(id);
    return toUserDto(found, seesEmailOf(user, found));
  }

  private async load(id: string): Promise<UserEntity> {
    const found = await this.users.findOneBy({ id, deletedAt: IsNull() });
    if (!found) throw AppError.notFound('User');
    return found;
  }

  async create(user: AuthUser, dto: CreateUserDto): Promise<UserDto> {
    if (
      !PROVIDER_MANAGED_ROLES.includes(dto.role) &&
      !this.access.holds(user, Permission.UserCreateAnyRole)
    ) {
      throw AppError.forbidden('Provider users can add apprentices and employer contacts only');
    }
    this.checkPassword(dto.password, dto.email);
    const organisation = await this.organisationFor(user, dto.role, dto.organisationId);
    const providerId =
      organisation?.kind === 'provider' ? organisation.id : (organisation?.providerId ?? null);
    if (await this.users.existsBy({ email: dto.email })) {
      throw AppError.conflict(`A user with email ${dto.email} already exists`);
    }
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async () => {
      const created = await this.users.save(
        this.users.create({
          email: dto.email,
          name: dto.name,
          role: dto.role,
          organisationId: organisation?.id ?? null,
          providerId,
          passwordHash,
        }),
      );
      await this.audit.record({
        apprenticeshipId: null,
        actorId: user.id,
        action: 'user.created',
        entityType: 'user',
        entityId: created.id,
        after: toUserDto(created),
      });
      return toUserDto(created);
    });
  }

  /** Checks the organisation fits the role and, for provider users, lies in their tenant. */
  private async organisationFor(user: AuthUser, role: Role, organisationId?: string) {
    const kind = ORGANISATION_OF[role];
    if (!kind) {
      if (organisationId) throw AppError.field('organisationId', `must be empty for role ${role}`);
      return null;
    }
    if (!organisationId) throw AppError.field('organisationId', `is required for role ${role}`);
    const org = await this.db.manager.findOneBy(OrganisationEntity, { id: organisationId });
    // Admins (no tenant) choose any organisation; provider users one of their own provider's.
    const inTenant = !user.providerId || org?.providerId === user.providerId;
    if (!org || !inTenant)
      throw AppError.field('organisationId', 'does not name one of your organisations');
    if (org.kind !== kind)
      throw AppError.field('organisationId', `must be a ${kind} for role ${role}`);
    return org;
  }

  /** `clientIp`: where a change of one's own password comes from (its attempts are counted). */
  async update(user: AuthUser, id: string, dto: UpdateUserDto, clientIp: string): Promise<UserDto> {
    const target = await this.load(id);
    const self = target.id === user.id;
    if (self && dto.disabled !== undefined)
      throw AppError.field('disabled', 'cannot be changed on your own account');
    // Whoever can set a password can sign that person's gateway declaration: only the person
    // themselves or an admin may, and the person only with their current one (not a token alone).
    if (dto.password !== undefined) {
      await this.access.require(user, Permission.UserSetPassword, id);
      // A weak new password is refused before the current one costs an attempt.
      this.checkPassword(dto.password, target.email);
      if (self) await this.auth.confirmPassword(user, dto.currentPassword, clientIp);
    }
    const before = toUserDto(target);
    if (dto.name !== undefined) target.name = dto.name;
    if (dto.password !== undefined) target.passwordHash = await hashPassword(dto.password);
    if (dto.disabled !== undefined) target.disabledAt = dto.disabled ? this.clock.now() : null;
    // A new password, or disabling, revokes every token issued before (AuthService checks `ver`).
    if (dto.password !== undefined || dto.disabled === true) target.tokenVersion += 1;
    return this.db.transaction(async () => {
      const saved = await this.users.save(target);
      await this.audit.record({
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
    const target = await this.load(id);
    if (target.id === user.id) throw AppError.forbidden('You cannot delete yourself');
    await this.db.transaction(async () => {
      await this.users.update(target.id, { deletedAt: this.clock.now() });
      await this.audit.record({
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
