import { INestApplicationContext } from '@nestjs/common';
import { Clock } from '../../common/clock/clock.js';
import { Database } from '../../common/database/database.js';
import { AuthUser } from '../../common/auth/auth-user.js';
import { ApprenticeshipEntity } from '../apprenticeships/apprenticeship.entity.js';
import { ApprenticeshipsService } from '../apprenticeships/apprenticeships.service.js';
import { CohortEntity } from '../cohorts/cohort.entity.js';
import { CohortsService } from '../cohorts/cohorts.service.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { EvidenceEntity } from '../evidence/entities/evidence.entity.js';
import type { OrganisationKind, Role } from '../../common/vocabulary.js';
import { seedEvidence } from './demo-evidence.js';
import { seedGatewayApprenticeship } from './demo-gateway.js';
import { seedOtjAndReview } from './demo-otj.js';
import { dayAt } from './demo-dates.js';

export interface DemoCredential {
  role: Role;
  name: string;
  email: string;
  password: string;
}

const SYSTEM: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  email: 'system',
  name: 'Demo seed',
  role: 'admin',
  organisationId: null,
  providerId: null,
};

export const DEMO_USERS: (DemoCredential & { organisation: OrganisationKind | null })[] = [
  {
    role: 'admin',
    name: 'Ada Admin',
    email: 'admin@ksb-demo.example',
    password: 'operator-demo-2026',
    organisation: null,
  },
  {
    role: 'provider',
    name: 'Priya Tutor',
    email: 'tutor@ksb-demo.example',
    password: 'coaching-demo-2026',
    organisation: 'provider',
  },
  {
    role: 'employer',
    name: 'Edward Manager',
    email: 'manager@ksb-demo.example',
    password: 'employer-demo-2026',
    organisation: 'employer',
  },
  {
    role: 'apprentice',
    name: 'Zoë Łukasiewicz',
    email: 'zoe@ksb-demo.example',
    password: 'apprentice-demo-2026',
    organisation: 'employer',
  },
  {
    role: 'assessor',
    name: 'Nguyễn Thị Minh',
    email: 'assessor@ksb-demo.example',
    password: 'end-point-demo-2026',
    organisation: 'assessment_organisation',
  },
  {
    role: 'apprentice',
    name: 'Samir Haddad',
    email: 'samir@ksb-demo.example',
    password: 'gateway-demo-2026',
    organisation: 'employer',
  },
];

/** A demo user's email and name, for acting as them (a freeze records who froze it). */
const who = (email: string): Pick<AuthUser, 'email' | 'name'> => {
  const { name } = DEMO_USERS.find((u) => u.email === email)!;
  return { email, name };
};

/** Zoë, the demo's apprentice in training (the first apprentice above). */
const ZOE = 'zoe@ksb-demo.example';
/** Samir, whose portfolio is frozen at gateway: the assessor's to read. */
const SAMIR = 'samir@ksb-demo.example';
/** When the organisations and their people were added: a fortnight before Samir started. */
const SET_UP = dayAt('2024-08-19');
/** When Zoë's account, her cohort and her apprenticeship were added, three weeks before her start. */
const ZOE_ADDED = dayAt('2025-12-15');

/**
 * One provider, employer and assessment organisation, one user of each role, and two
 * apprenticeships on ST1398: Zoë's, in training, in a cohort that started in January 2026, and
 * Samir's, frozen at gateway (demo-gateway.ts) — through the same services as the API, so the
 * same rules apply. Safe to run twice: anything that already exists is reused.
 */
export async function seedDemo(app: INestApplicationContext): Promise<DemoCredential[]> {
  const db = app.get(Database);
  const orgs = app.get(OrganisationsService);
  const users = app.get(UsersService);
  const clock = app.get(Clock);
  const addOrg = (dto: Parameters<OrganisationsService['create']>[1]) =>
    clock.at(SET_UP, () => orgs.create(SYSTEM, dto));

  const findOrg = (name: string) => db.manager.findOneBy(OrganisationEntity, { name });
  const provider =
    (await findOrg('Northern Data Academy')) ??
    (await addOrg({
      kind: 'provider',
      name: 'Northern Data Academy',
      ukprn: '10099999',
    }));
  const employer =
    (await findOrg('Acme Analytics Ltd')) ??
    (await addOrg({
      kind: 'employer',
      name: 'Acme Analytics Ltd',
      providerId: provider.id,
    }));
  const epao =
    (await findOrg('Independent EPA Services')) ??
    (await addOrg({
      kind: 'assessment_organisation',
      name: 'Independent EPA Services',
    }));
  const orgOf = { provider: provider.id, employer: employer.id, assessment_organisation: epao.id };

  const byEmail = new Map<string, string>();
  // Each role's first user: Zoë for the apprentice.
  const ids: Partial<Record<Role, string>> = {};
  for (const u of DEMO_USERS) {
    const existing = await db.manager.findOneBy(UserEntity, { email: u.email });
    const id =
      existing?.id ??
      (
        await clock.at(u.email === ZOE ? ZOE_ADDED : SET_UP, () =>
          users.create(SYSTEM, {
            email: u.email,
            name: u.name,
            role: u.role,
            password: u.password,
            organisationId: u.organisation ? orgOf[u.organisation] : undefined,
          }),
        )
      ).id;
    byEmail.set(u.email, id);
    ids[u.role] ??= id;
  }

  const tutor: AuthUser = {
    ...SYSTEM,
    ...who('tutor@ksb-demo.example'),
    id: ids.provider!,
    role: 'provider',
    providerId: provider.id,
  };
  const cohortName = 'ML Engineers — January 2026';
  const cohort =
    (await db.manager.findOneBy(CohortEntity, { name: cohortName, providerId: provider.id })) ??
    (await clock.at(ZOE_ADDED, () =>
      app
        .get(CohortsService)
        .create(tutor, { name: cohortName, standardCode: 'ST1398', startDate: '2026-01-05' }),
    ));

  let apprenticeship = await db.manager.findOneBy(ApprenticeshipEntity, {
    apprenticeId: ids.apprentice,
  });
  if (!apprenticeship) {
    const created = await clock.at(ZOE_ADDED, () =>
      app.get(ApprenticeshipsService).create(tutor, {
        apprenticeId: ids.apprentice!,
        employerId: employer.id,
        cohortId: cohort.id,
        tutorId: ids.provider!,
        assessorId: ids.assessor,
        uln: '1234567890',
        startDate: '2026-01-05',
        plannedGatewayDate: '2028-01-05',
      }),
    );
    apprenticeship = await db.manager.findOneByOrFail(ApprenticeshipEntity, { id: created.id });
  }
  const apprenticeUser = (email: string): AuthUser => ({
    ...SYSTEM,
    ...who(email),
    id: byEmail.get(email)!,
    role: 'apprentice',
    organisationId: employer.id,
    providerId: provider.id,
  });
  const apprentice = apprenticeUser(ZOE);
  if (!(await db.manager.existsBy(EvidenceEntity, { apprenticeshipId: apprenticeship.id }))) {
    await seedEvidence(app, apprenticeship.id, apprentice, tutor);
  }
  const manager: AuthUser = {
    ...SYSTEM,
    ...who('manager@ksb-demo.example'),
    id: ids.employer!,
    role: 'employer',
    organisationId: employer.id,
    providerId: provider.id,
  };
  await seedOtjAndReview(app, apprenticeship.id, apprenticeship.startDate, {
    tutor,
    employer: manager,
    apprentice,
  });
  await seedGatewayApprenticeship(app, {
    tutor,
    employer: manager,
    apprentice: apprenticeUser(SAMIR),
    assessorId: ids.assessor!,
  });
  return DEMO_USERS.map(({ role, name, email, password }) => ({ role, name, email, password }));
}
