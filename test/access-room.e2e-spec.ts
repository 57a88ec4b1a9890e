import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthUser } from '../src/common/auth/auth-user.js';
import { AppError } from '../src/common/errors/app-error.js';
import { ErrorCode } from '../src/common/errors/error-code.js';
import { AccessService } from '../src/modules/access/access.service.js';
import { Permission } from '../src/modules/access/permission.js';
import { UserEntity } from '../src/modules/users/user.entity.js';
import { addEvidence } from './support/evidence-factories.js';
import { ADMIN, createAssessor, createTenant, login, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * Every permission × every role × own and another tenant, asked of the access room directly (no
 * HTTP): 'ok', 403 or 404. The table is written out by hand, not derived from the role table, so a
 * change to who may do what has to change it here too.
 */
type Who = 'admin' | 'provider' | 'employer' | 'apprentice' | 'assessor';
type Outcome = 'ok' | 403 | 404;
type Row = Record<Who, [own: Outcome, other: Outcome]>;
type Target =
  | 'none'
  | 'apprenticeship'
  | 'evidence'
  | 'snapshot'
  | 'cohort'
  | 'organisation'
  | 'user'
  | 'otjEntry'
  | 'otjEmployerEntry'
  | 'progressReview';

const all = (o: Outcome): Row => ({
  admin: [o, o],
  provider: [o, o],
  employer: [o, o],
  apprentice: [o, o],
  assessor: [o, o],
});
const roles = (...allowed: Who[]): Row => {
  const row = all(403);
  for (const who of allowed) row[who] = ['ok', 'ok'];
  return row;
};
const visible: Row = {
  admin: ['ok', 'ok'],
  provider: ['ok', 404],
  employer: ['ok', 404],
  apprentice: ['ok', 404],
  assessor: ['ok', 404],
};
const live: Row = { ...visible, assessor: [404, 404] };
const providerOnly: Row = {
  admin: ['ok', 'ok'],
  provider: ['ok', 404],
  employer: [404, 404],
  apprentice: [404, 404],
  assessor: [404, 404],
};

const EXPECTED: Record<Permission, [Target, Row]> = {
  [Permission.ApprenticeshipList]: ['none', all('ok')],
  [Permission.ApprenticeshipRead]: ['apprenticeship', visible],
  [Permission.ApprenticeshipCreate]: ['none', roles('admin', 'provider')],
  [Permission.ApprenticeshipUpdate]: [
    'apprenticeship',
    { ...visible, employer: [403, 404], apprentice: [403, 404], assessor: [403, 404] },
  ],
  [Permission.EvidenceList]: ['apprenticeship', live],
  [Permission.EvidenceQueue]: ['none', { ...all('ok'), assessor: [403, 403] }],
  [Permission.EvidenceCreate]: [
    'apprenticeship',
    { ...live, admin: [403, 403], provider: [403, 404], employer: [403, 404] },
  ],
  [Permission.EvidenceRead]: ['evidence', live],
  [Permission.EvidenceWrite]: [
    'evidence',
    { ...live, admin: [403, 403], provider: [403, 404], employer: [403, 404] },
  ],
  [Permission.EvidenceReview]: [
    'evidence',
    { ...live, admin: [403, 403], employer: [403, 404], apprentice: [403, 404] },
  ],
  [Permission.EvidenceReviewQueue]: ['none', roles('provider')],
  [Permission.EvidenceComment]: ['evidence', { ...live, admin: [403, 403] }],
  [Permission.EvidenceSuggestions]: [
    'evidence',
    { ...live, admin: [403, 403], employer: [403, 404] },
  ],
  [Permission.DraftSuggestions]: [
    'apprenticeship',
    { ...live, admin: [403, 403], provider: [403, 404], employer: [403, 404] },
  ],
  [Permission.CoverageRead]: ['apprenticeship', live],
  [Permission.AuditRead]: ['apprenticeship', live],
  [Permission.AuditReadInternals]: ['none', roles('admin', 'provider')],
  [Permission.DraftPortfolioRead]: ['apprenticeship', live],
  [Permission.GatewayRead]: ['apprenticeship', live],
  [Permission.DeclarationSign]: [
    'apprenticeship',
    { ...visible, admin: [403, 403], assessor: [403, 404] },
  ],
  [Permission.GatewayFreeze]: [
    'apprenticeship',
    {
      ...visible,
      admin: [403, 403],
      employer: [403, 404],
      apprentice: [403, 404],
      assessor: [403, 404],
    },
  ],
  [Permission.SnapshotList]: ['apprenticeship', visible],
  [Permission.SnapshotRead]: ['snapshot', visible],
  [Permission.CohortList]: ['none', roles('admin', 'provider')],
  [Permission.CohortRead]: ['cohort', providerOnly],
  [Permission.CohortCreate]: ['none', roles('admin', 'provider')],
  [Permission.CohortManage]: ['cohort', providerOnly],
  [Permission.CohortCoverageRead]: ['cohort', providerOnly],
  [Permission.ProviderOverviewRead]: ['none', roles('admin', 'provider')],
  [Permission.OrganisationList]: ['none', all('ok')],
  [Permission.OrganisationRead]: ['organisation', { ...visible, assessor: [404, 404] }],
  [Permission.OrganisationCreate]: ['none', roles('admin', 'provider')],
  [Permission.OrganisationCreateAnyKind]: ['none', roles('admin')],
  [Permission.OrganisationUpdate]: [
    'organisation',
    { ...visible, employer: [403, 404], apprentice: [403, 404], assessor: [404, 404] },
  ],
  [Permission.OrganisationSetUkprn]: [
    'organisation',
    {
      ...visible,
      provider: [403, 404],
      employer: [403, 404],
      apprentice: [403, 404],
      assessor: [404, 404],
    },
  ],
  [Permission.OrganisationDelete]: [
    'organisation',
    {
      ...visible,
      provider: [403, 404],
      employer: [403, 404],
      apprentice: [403, 404],
      assessor: [404, 404],
    },
  ],
  [Permission.UserList]: ['none', all('ok')],
  [Permission.UserRead]: ['user', { ...providerOnly, apprentice: ['ok', 404] }],
  [Permission.UserCreate]: ['none', roles('admin', 'provider')],
  [Permission.UserCreateAnyRole]: ['none', roles('admin')],
  [Permission.UserUpdate]: ['user', { ...providerOnly, apprentice: ['ok', 404] }],
  [Permission.UserSetPassword]: [
    'user',
    { ...providerOnly, provider: [403, 404], apprentice: ['ok', 404] },
  ],
  [Permission.UserDelete]: ['user', { ...providerOnly, apprentice: [403, 404] }],
  [Permission.StandardImport]: ['none', roles('admin')],
  [Permission.OtjRead]: ['apprenticeship', live],
  [Permission.OtjLog]: ['apprenticeship', { ...live, admin: [403, 403], employer: [403, 404] }],
  [Permission.OtjPlanSet]: [
    'apprenticeship',
    {
      ...visible,
      admin: [403, 403],
      employer: [403, 404],
      apprentice: [403, 404],
      assessor: [403, 404],
    },
  ],
  [Permission.OtjQueue]: ['none', roles('provider', 'employer')],
  [Permission.OtjEntryRead]: ['otjEntry', live],
  [Permission.OtjEntryWrite]: ['otjEntry', { ...live, admin: [403, 403], employer: [403, 404] }],
  // The entry is provider-delivered: the employer may not decide it (its own delivered one, below).
  [Permission.OtjEntryDecide]: [
    'otjEntry',
    { ...live, admin: [403, 403], employer: [403, 404], apprentice: [403, 404] },
  ],
  [Permission.OtjEntryReopen]: [
    'otjEntry',
    { ...live, admin: [403, 403], employer: [403, 404], apprentice: [403, 404] },
  ],
  [Permission.OtjLearnerRecord]: ['none', roles('admin', 'provider')],
  [Permission.ProgressReviewList]: ['apprenticeship', live],
  [Permission.ProgressReviewRead]: ['progressReview', live],
  [Permission.ProgressReviewCreate]: [
    'apprenticeship',
    { ...live, admin: [403, 403], employer: [403, 404], apprentice: [403, 404] },
  ],
  [Permission.ProgressReviewUpdate]: [
    'progressReview',
    { ...live, admin: [403, 403], employer: [403, 404], apprentice: [403, 404] },
  ],
  [Permission.ProgressReviewSign]: ['progressReview', { ...live, admin: [403, 403] }],
};

describe('The access room: role × permission × own and other tenant', () => {
  let t: TestApp;
  let access: AccessService;
  let users: Record<Who, AuthUser>;
  const ids: Record<Exclude<Target, 'none'>, [own: string, other: string]> = {} as never;

  beforeAll(async () => {
    t = await createTestApp();
    access = t.app.get(AccessService);
    const adminToken = await login(t, ADMIN.email, ADMIN.password);
    const assessor = await createAssessor(t, adminToken);
    const a: Tenant = await createTenant(t, adminToken, { assessorId: assessor.id });
    const b: Tenant = await createTenant(t, adminToken);
    const evidence = await Promise.all(
      [a, b].map((x) => addEvidence(t, x.apprentice.token, x.apprenticeshipId, [])),
    );
    const snapshots = await Promise.all(
      [a, b].map(async (x) => {
        const [row] = await t.dataSource.query<{ id: string }[]>(
          `INSERT INTO portfolio_snapshots (apprenticeship_id, created_by_id, content, content_sha256,
             pdf_storage_key, pdf_sha256, pdf_size)
           VALUES ($1, $2, '{}', repeat('0', 64), 'none', repeat('0', 64), 0) RETURNING id`,
          [x.apprenticeshipId, x.provider.id],
        );
        return row.id;
      }),
    );
    const otjEntry = async (x: Tenant, deliveredBy: string) => {
      const [row] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO otj_entries (apprenticeship_id, activity_date, duration_minutes, description,
           category_id, delivered_by, author_id)
         SELECT $1, '2026-01-05', 60, 'Workshop', c.id, $2, $3 FROM otj_categories c
         WHERE c.code = 'theory' LIMIT 1 RETURNING id`,
        [x.apprenticeshipId, deliveredBy, x.apprentice.id],
      );
      return row.id;
    };
    const reviews = await Promise.all(
      [a, b].map(async (x) => {
        const [row] = await t.dataSource.query<{ id: string }[]>(
          `INSERT INTO progress_reviews (apprenticeship_id, number, meeting_date, due_date, changes,
             next_review_date, created_by_id)
           VALUES ($1, 1, '2025-03-03', '2025-04-30', '{}', '2025-06-30', $2) RETURNING id`,
          [x.apprenticeshipId, x.provider.id],
        );
        return row.id;
      }),
    );
    Object.assign(ids, {
      otjEntry: [await otjEntry(a, 'provider'), await otjEntry(b, 'provider')],
      otjEmployerEntry: [await otjEntry(a, 'employer'), await otjEntry(b, 'employer')],
      progressReview: reviews,
      apprenticeship: [a.apprenticeshipId, b.apprenticeshipId],
      evidence: [evidence[0].id, evidence[1].id],
      snapshot: snapshots,
      cohort: [a.cohortId, b.cohortId],
      organisation: [a.employerId, b.employerId],
      user: [a.apprentice.id, b.apprentice.id],
    });
    const load = async (email: string): Promise<AuthUser> => {
      const { id, name, role, organisationId, providerId } =
        await t.dataSource.manager.findOneByOrFail(UserEntity, { email });
      return { id, email, name, role, organisationId, providerId };
    };
    users = {
      admin: await load(ADMIN.email),
      provider: await load(a.provider.email),
      employer: await load(a.employer.email),
      apprentice: await load(a.apprentice.email),
      assessor: await load(assessor.email),
    };
  });
  afterAll(async () => {
    await t.close();
  });

  const outcome = async (who: Who, permission: Permission, id?: string): Promise<Outcome> => {
    try {
      await access.require(users[who], permission, id);
      return 'ok';
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.NotFound) return 404;
      if (error instanceof AppError && error.code === ErrorCode.Forbidden) return 403;
      throw error;
    }
  };

  it('has a row for every permission', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.values(Permission).sort());
  });

  it('answers every combination as the table says', async () => {
    const failures: string[] = [];
    for (const permission of Object.values(Permission)) {
      const [target, row] = EXPECTED[permission];
      for (const who of Object.keys(row) as Who[]) {
        for (const side of [0, 1] as const) {
          const id = target === 'none' ? undefined : ids[target][side];
          const got = await outcome(who, permission, id);
          const want = row[who][side];
          if (got !== want) {
            failures.push(`${permission} ${who} ${side ? 'other' : 'own'}: ${got}, want ${want}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  // requireAndSelect: the same decisions with the caller's statement folded in. Where the answer
  // is 'ok' the statement's value comes back; elsewhere the statement must not run at all (it
  // divides by zero when it does: not foldable by the planner, it counts rows).
  const RUNS = `SELECT 'seen ' || :probe`;
  const MUST_NOT_RUN = 'SELECT 1 / (count(*) - count(*)) FROM users';
  const folded = async (who: Who, permission: Permission, id: string): Promise<Outcome> => {
    const expected = (await outcome(who, permission, id)) === 'ok';
    try {
      const value = await access.requireAndSelect<string>(
        { user: users[who], permission, id },
        expected ? RUNS : MUST_NOT_RUN,
        { probe: id },
      );
      if (value !== `seen ${id}`) throw new Error(`${permission} ${who}: the value was ${value}`);
      return 'ok';
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.NotFound) return 404;
      if (error instanceof AppError && error.code === ErrorCode.Forbidden) return 403;
      throw error;
    }
  };

  it('decides every combination the same with the statement folded in (requireAndSelect)', async () => {
    const failures: string[] = [];
    for (const permission of Object.values(Permission)) {
      const [target, row] = EXPECTED[permission];
      if (target === 'none') continue;
      for (const who of Object.keys(row) as Who[]) {
        for (const side of [0, 1] as const) {
          const got = await folded(who, permission, ids[target][side]);
          const want = row[who][side];
          if (got !== want) {
            failures.push(`${permission} ${who} ${side ? 'other' : 'own'}: ${got}, want ${want}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    const nothing = '7f1c2a4e-0000-4000-8000-000000000000';
    await expect(folded('admin', Permission.CoverageRead, nothing)).resolves.toBe(404);
  });

  it('picks out the same objects from a list as require decides one by one (allowedOf)', async () => {
    const nothing = '7f1c2a4e-0000-4000-8000-000000000000';
    const failures: string[] = [];
    for (const permission of Object.values(Permission)) {
      const [target, row] = EXPECTED[permission];
      if (target === 'none') continue;
      for (const who of Object.keys(row) as Who[]) {
        const got = await access.allowedOf(users[who], permission, [...ids[target], nothing]);
        const want = ([0, 1] as const).filter((side) => row[who][side] === 'ok');
        const sides = ([0, 1] as const).filter((side) => got.has(ids[target][side]));
        if (sides.join() !== want.join() || got.has(nothing)) {
          failures.push(
            `${permission} ${who}: sides ${sides.join() || 'none'}, want ${want.join() || 'none'}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    await expect(access.allowedOf(users.admin, Permission.UserUpdate, [])).resolves.toEqual(
      new Set(),
    );
  });

  it('refuses a statement whose parameter would stand in for the access check’s', async () => {
    const check = {
      user: users.apprentice,
      permission: Permission.CoverageRead,
      id: ids.apprenticeship[0],
    };
    await expect(
      access.requireAndSelect(check, RUNS, { probe: 'x', scopeUser: 'x' }),
    ).rejects.toThrow(/:scopeUser clashes/);
    await expect(
      access.requireAndSelect(check, RUNS, { probe: 'x', accessId: 'x' }),
    ).rejects.toThrow(/:accessId clashes/);
  });

  it('lets an employer decide only the training its own staff delivered', async () => {
    const [own, other] = ids.otjEmployerEntry;
    await expect(outcome('employer', Permission.OtjEntryDecide, own)).resolves.toBe('ok');
    await expect(outcome('employer', Permission.OtjEntryDecide, other)).resolves.toBe(404);
    await expect(outcome('provider', Permission.OtjEntryDecide, own)).resolves.toBe('ok');
  });

  it('answers 404 for an id that names nothing, before looking at the role', async () => {
    const nothing = '7f1c2a4e-0000-4000-8000-000000000000';
    await expect(outcome('apprentice', Permission.GatewayFreeze, nothing)).resolves.toBe(404);
    await expect(outcome('admin', Permission.EvidenceRead, nothing)).resolves.toBe(404);
  });
});
