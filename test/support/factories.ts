import request from 'supertest';
import { TestApp } from './test-app.js';

export const ADMIN = { email: 'admin@test.example', password: 'operator-password-2026' };

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A supertest request whose body is read as raw bytes (a PDF, a ZIP, a file): `res.body` is a Buffer. */
export const binary = (r: request.Test) =>
  r.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** Signs in and returns the bearer token. */
export async function login(t: TestApp, email: string, password: string): Promise<string> {
  const res = await request(t.http).post('/api/auth/login').send({ email, password }).expect(200);
  return res.body.accessToken as string;
}

/**
 * Signs in through the sign-in page, keeping the cookies like a browser: the agent, and the CSRF
 * token its forms post back.
 */
export async function signInPages(
  t: TestApp,
  person: { email: string; password: string },
): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(t.http);
  const page = await agent.get('/sign-in').expect(200);
  const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
  const csrf = /ksb_csrf=([^;]+)/.exec(cookies.join(';'))![1];
  const { email, password } = person;
  await agent.post('/sign-in').type('form').send({ email, password, _csrf: csrf }).expect(303);
  return { agent, csrf };
}

/** Sends a request as the holder of `token`. */
export function as(t: TestApp, token: string) {
  const auth = (r: request.Test) => r.set('Authorization', `Bearer ${token}`);
  return {
    get: (url: string) => auth(request(t.http).get(url)),
    post: (url: string) => auth(request(t.http).post(url)),
    put: (url: string) => auth(request(t.http).put(url)),
    patch: (url: string) => auth(request(t.http).patch(url)),
    delete: (url: string) => auth(request(t.http).delete(url)),
  };
}

export interface Person {
  id: string;
  email: string;
  password: string;
  token: string;
}

export interface Tenant {
  providerId: string;
  employerId: string;
  provider: Person;
  employer: Person;
  apprentice: Person;
  cohortId: string;
  apprenticeshipId: string;
}

async function createUser(
  t: TestApp,
  token: string,
  body: { role: string; organisationId?: string; name?: string },
): Promise<Person> {
  const email = `${body.role}-${unique()}@test.example`;
  const password = `pass-${unique()}-word`;
  const res = await as(t, token)
    .post('/api/users')
    .send({ ...body, email, password, name: body.name ?? `Test ${body.role}` });
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, password, token: await login(t, email, password) };
}

/** A provider with its employer, one user of each provider-side role, a cohort and an apprenticeship. */
export async function createTenant(
  t: TestApp,
  adminToken: string,
  options: { assessorId?: string; apprenticeName?: string } = {},
): Promise<Tenant> {
  const admin = as(t, adminToken);
  const ukprn = `1${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const provider = await admin
    .post('/api/organisations')
    .send({ kind: 'provider', name: `Provider ${unique()}`, ukprn })
    .expect(201);
  const providerUser = await createUser(t, adminToken, {
    role: 'provider',
    organisationId: provider.body.id,
  });
  const employer = await as(t, providerUser.token)
    .post('/api/organisations')
    .send({ kind: 'employer', name: `Employer ${unique()}` })
    .expect(201);
  const employerUser = await createUser(t, providerUser.token, {
    role: 'employer',
    organisationId: employer.body.id,
  });
  const apprentice = await createUser(t, providerUser.token, {
    role: 'apprentice',
    organisationId: employer.body.id,
    name: options.apprenticeName,
  });
  const cohort = await as(t, providerUser.token)
    .post('/api/cohorts')
    .send({ name: `Cohort ${unique()}`, standardCode: 'ST1398' })
    .expect(201);
  const apprenticeship = await as(t, providerUser.token)
    .post('/api/apprenticeships')
    .send({
      apprenticeId: apprentice.id,
      employerId: employer.body.id,
      cohortId: cohort.body.id,
      tutorId: providerUser.id,
      assessorId: options.assessorId,
      uln: String(1_000_000_000 + Math.floor(Math.random() * 8e9)),
      startDate: '2025-01-06',
      plannedGatewayDate: '2027-01-06',
    });
  if (apprenticeship.status !== 201) {
    throw new Error(
      `create apprenticeship: ${apprenticeship.status} ${JSON.stringify(apprenticeship.body)}`,
    );
  }
  return {
    providerId: provider.body.id,
    employerId: employer.body.id,
    provider: providerUser,
    employer: employerUser,
    apprentice,
    cohortId: cohort.body.id,
    apprenticeshipId: apprenticeship.body.id,
  };
}

/** An assessment organisation with one assessor user. */
export async function createAssessor(t: TestApp, adminToken: string): Promise<Person> {
  const org = await as(t, adminToken)
    .post('/api/organisations')
    .send({ kind: 'assessment_organisation', name: `EPAO ${unique()}` })
    .expect(201);
  return createUser(t, adminToken, { role: 'assessor', organisationId: org.body.id });
}
