import { as, login, Person, Tenant } from './factories.js';
import { TestApp } from './test-app.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

type Response = { status: number; body: unknown };

function expectStatus(res: Response, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** YYYY-MM-DD `days` from today (UTC), negative for the past. */
export function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface StandardDoc {
  code: string;
  version?: string;
  evidenceThreshold?: number;
  criteria: readonly {
    kind: 'knowledge' | 'skill' | 'behaviour' | 'duty';
    code: string;
    text: string;
  }[];
  dutyLinks?: { duty: string; ksbs: string[] }[];
}

/** Imports a small standard version as admin (POST /api/standards). */
export async function importStandard(t: TestApp, adminToken: string, doc: StandardDoc) {
  const res = await as(t, adminToken)
    .post('/api/standards')
    .send({
      version: '1.0',
      title: `Test standard ${doc.code}`,
      level: 4,
      status: 'approved_for_delivery',
      ...doc,
    });
  expectStatus(res, 201, 'import standard');
}

/** A cohort of the tenant's provider on a standard version; returns its id. */
export async function createCohort(
  t: TestApp,
  tenant: Tenant,
  body: { name: string; standardCode: string; standardVersion?: string },
): Promise<string> {
  const res = await as(t, tenant.provider.token).post('/api/cohorts').send(body);
  expectStatus(res, 201, 'create cohort');
  return (res.body as { id: string }).id;
}

export interface Enrolment {
  apprentice: Person;
  apprenticeshipId: string;
  uln: string;
}

/** A new apprentice of the tenant's employer, enrolled on an apprenticeship by the provider. */
export async function enrol(
  t: TestApp,
  tenant: Tenant,
  options: {
    name: string;
    cohortId?: string;
    standardCode?: string;
    uln?: string;
    startDate?: string;
    plannedGatewayDate?: string;
    tutorId?: string;
  },
): Promise<Enrolment> {
  const provider = as(t, tenant.provider.token);
  const email = `apprentice-${unique()}@test.example`;
  const password = `pass-${unique()}-word`;
  const user = await provider.post('/api/users').send({
    role: 'apprentice',
    organisationId: tenant.employerId,
    name: options.name,
    email,
    password,
  });
  expectStatus(user, 201, 'create apprentice');
  const uln = options.uln ?? String(1_000_000_000 + Math.floor(Math.random() * 8e9));
  const apprenticeship = await provider.post('/api/apprenticeships').send({
    apprenticeId: (user.body as { id: string }).id,
    employerId: tenant.employerId,
    cohortId: options.cohortId,
    standardCode: options.standardCode,
    tutorId: options.tutorId ?? tenant.provider.id,
    uln,
    startDate: options.startDate ?? '2025-01-06',
    plannedGatewayDate: options.plannedGatewayDate ?? '2027-01-06',
  });
  expectStatus(apprenticeship, 201, 'create apprenticeship');
  return {
    apprentice: {
      id: (user.body as { id: string }).id,
      email,
      password,
      token: await login(t, email, password),
    },
    apprenticeshipId: (apprenticeship.body as { id: string }).id,
    uln,
  };
}

export interface EvidenceRef {
  id: string;
  reference: string;
}

/** Evidence added by the apprentice (`token`) and tagged with `codes` (claims). */
export async function addEvidence(
  t: TestApp,
  token: string,
  apprenticeshipId: string,
  codes: string[],
  options: { title?: string; activityDate?: string } = {},
): Promise<EvidenceRef> {
  const res = await as(t, token)
    .post(`/api/apprenticeships/${apprenticeshipId}/evidence`)
    .send({
      title: options.title ?? `Evidence ${unique()}`,
      kind: 'work_product',
      activityDate: options.activityDate ?? isoDay(0),
    });
  expectStatus(res, 201, 'create evidence');
  const evidence = res.body as EvidenceRef;
  if (codes.length > 0) await tagEvidence(t, token, evidence.id, codes);
  return { id: evidence.id, reference: evidence.reference };
}

/** Replaces the evidence's claims with `codes`. */
export async function tagEvidence(t: TestApp, token: string, evidenceId: string, codes: string[]) {
  const res = await as(t, token)
    .put(`/api/evidence/${evidenceId}/tags`)
    .send(codes.map((code) => ({ code, justification: `Shows ${code}` })));
  expectStatus(res, 200, 'tag evidence');
}

/** Submits, then reviews as the provider: each code accepted or rejected, and the outcome. */
export async function submitAndReview(
  t: TestApp,
  apprenticeToken: string,
  providerToken: string,
  evidenceId: string,
  decisions: Record<string, 'accepted' | 'rejected'>,
  outcome: 'accepted' | 'changes_requested',
) {
  const submitted = await as(t, apprenticeToken).post(`/api/evidence/${evidenceId}/submit`);
  expectStatus(submitted, 200, 'submit evidence');
  const reviewed = await as(t, providerToken)
    .post(`/api/evidence/${evidenceId}/review`)
    .send({
      decisions: Object.entries(decisions).map(([code, decision]) => ({
        code,
        decision,
        reason: decision === 'rejected' ? 'Does not show it yet' : undefined,
      })),
      outcome,
      // Changes are requested with what to change (a rejected tag's reason, or this).
      ...(outcome === 'changes_requested' ? { comment: 'Add the evaluation results' } : {}),
    });
  expectStatus(reviewed, 200, 'review evidence');
}
