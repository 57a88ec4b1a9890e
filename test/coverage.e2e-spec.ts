import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CoverageService } from '../src/modules/coverage/coverage.service.js';
import {
  addEvidence,
  createCohort,
  enrol,
  Enrolment,
  importStandard,
  isoDay,
  submitAndReview,
  tagEvidence,
} from './support/evidence-factories.js';
import {
  ADMIN,
  as,
  createAssessor,
  createTenant,
  login,
  Person,
  Tenant,
} from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { reviewDueAfter } from '../src/modules/reviews/review-schedule.js';

type Status = 'evidenced' | 'claimed' | 'missing';
interface CriterionBody {
  code: string;
  status: Status;
  acceptedCount: number;
  claimedCount: number;
  evidence: { reference: string; tagStatus: string }[];
  firstEvidencedAt: string | null;
  linkedKsbs?: { total: number; evidenced: number };
}

/** N = 1, with a duty linked to two KSBs and one linked to none. */
const ST9101 = {
  code: 'ST9101',
  criteria: [
    { kind: 'knowledge', code: 'K1', text: 'Knows one' },
    { kind: 'knowledge', code: 'K2', text: 'Knows two' },
    { kind: 'skill', code: 'S1', text: 'Does one' },
    { kind: 'behaviour', code: 'B1', text: 'Behaves' },
    { kind: 'duty', code: 'D1', text: 'Duty one' },
    { kind: 'duty', code: 'D2', text: 'Duty two' },
  ] as const,
  dutyLinks: [{ duty: 'D1', ksbs: ['K1', 'S1'] }],
};
/** N = 2: a criterion needs two accepted tags. */
const ST9102 = {
  code: 'ST9102',
  evidenceThreshold: 2,
  criteria: [
    { kind: 'knowledge', code: 'K1', text: 'Knows one' },
    { kind: 'skill', code: 'S1', text: 'Does one' },
    { kind: 'behaviour', code: 'B1', text: 'Behaves' },
    { kind: 'duty', code: 'D1', text: 'Duty one' },
  ] as const,
};

const totals = (total: number, evidenced: number, claimed: number, percent: number) => ({
  total,
  evidenced,
  claimed,
  missing: total - evidenced - claimed,
  percent,
});

describe('Coverage and gap analysis', () => {
  let t: TestApp;
  let adminToken: string;
  let assessor: Person;
  let a: Tenant;
  let b: Tenant;

  const coverageOf = async (token: string, apprenticeshipId: string) =>
    (await as(t, token).get(`/api/apprenticeships/${apprenticeshipId}/coverage`).expect(200))
      .body as { criteria: CriterionBody[] } & Record<string, unknown>;
  const statusesOf = async (token: string, apprenticeshipId: string) =>
    Object.fromEntries(
      (await coverageOf(token, apprenticeshipId)).criteria.map((c) => [c.code, c.status]),
    );
  const criterion = async (token: string, apprenticeshipId: string, code: string) =>
    (await coverageOf(token, apprenticeshipId)).criteria.find((c) => c.code === code)!;
  const decidedAt = async (evidenceId: string, code: string) =>
    (
      (await as(t, a.provider.token).get(`/api/evidence/${evidenceId}`).expect(200)).body as {
        tags: { code: string; decidedAt: string }[];
      }
    ).tags.find((tag) => tag.code === code)!.decidedAt;

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    assessor = await createAssessor(t, adminToken);
    a = await createTenant(t, adminToken, { assessorId: assessor.id });
    b = await createTenant(t, adminToken);
    await importStandard(t, adminToken, ST9101);
    await importStandard(t, adminToken, ST9102);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports every ST1398 criterion missing for an apprenticeship without evidence', async () => {
    const body = await coverageOf(a.apprentice.token, a.apprenticeshipId);
    const codes = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
    const all = [...codes('K', 31), ...codes('S', 34), ...codes('B', 5), ...codes('D', 9)];
    expect(body.apprenticeshipId).toBe(a.apprenticeshipId);
    expect(body.standard).toEqual({ code: 'ST1398', version: '1.0', evidenceThreshold: 1 });
    expect(body.totals).toEqual({
      knowledge: totals(31, 0, 0, 0),
      skill: totals(34, 0, 0, 0),
      behaviour: totals(5, 0, 0, 0),
      duty: totals(9, 0, 0, 0),
    });
    expect(body.overall).toEqual({ all: totals(79, 0, 0, 0), ksb: totals(70, 0, 0, 0) });
    expect(body.criteria.map((c) => c.code)).toEqual(all);
    for (const c of body.criteria) {
      expect(c).toMatchObject({ status: 'missing', acceptedCount: 0, claimedCount: 0 });
      expect(c).toMatchObject({ evidence: [], firstEvidencedAt: null });
      expect(c).not.toHaveProperty('linkedKsbs');
    }
    expect(body.gaps).toEqual(
      body.criteria.map((c) => ({ code: c.code, kind: expect.any(String), status: 'missing' })),
    );
  });

  describe('status transitions (N = 1)', () => {
    let x: Enrolment;
    const e: Record<string, { id: string; reference: string }> = {};
    const review = (id: string, decisions: Record<string, 'accepted' | 'rejected'>) =>
      submitAndReview(t, x.apprentice.token, a.provider.token, id, decisions, 'changes_requested');

    beforeAll(async () => {
      x = await enrol(t, a, { name: 'Tess Transition', standardCode: 'ST9101' });
    });

    it('starts with everything missing', async () => {
      expect(await statusesOf(x.apprentice.token, x.apprenticeshipId)).toEqual({
        K1: 'missing',
        K2: 'missing',
        S1: 'missing',
        B1: 'missing',
        D1: 'missing',
        D2: 'missing',
      });
    });

    it('missing → claimed when tagged, even as a draft', async () => {
      e.one = await addEvidence(t, x.apprentice.token, x.apprenticeshipId, ['K1', 'S1'], {
        title: 'Pipeline',
      });
      expect(await statusesOf(x.apprentice.token, x.apprenticeshipId)).toMatchObject({
        K1: 'claimed',
        S1: 'claimed',
        K2: 'missing',
      });
      expect(await criterion(x.apprentice.token, x.apprenticeshipId, 'K1')).toMatchObject({
        acceptedCount: 0,
        claimedCount: 1,
        evidence: [{ reference: 'E1', id: e.one.id, title: 'Pipeline', tagStatus: 'claimed' }],
      });
    });

    it('claimed → evidenced when accepted; claimed → missing when the only tag is rejected', async () => {
      await review(e.one.id, { K1: 'accepted', S1: 'rejected' });
      const k1At = await decidedAt(e.one.id, 'K1');
      const E1 = { reference: 'E1', id: e.one.id, title: 'Pipeline' };
      const missing = (code: string, kind: string, text: string, evidence: object[] = []) => ({
        code,
        kind,
        text,
        status: 'missing',
        acceptedCount: 0,
        claimedCount: 0,
        evidence,
        firstEvidencedAt: null,
      });
      expect(await coverageOf(x.apprentice.token, x.apprenticeshipId)).toStrictEqual({
        apprenticeshipId: x.apprenticeshipId,
        standard: { code: 'ST9101', version: '1.0', evidenceThreshold: 1 },
        totals: {
          knowledge: totals(2, 1, 0, 50),
          skill: totals(1, 0, 0, 0),
          behaviour: totals(1, 0, 0, 0),
          duty: totals(2, 0, 0, 0),
        },
        overall: { all: totals(6, 1, 0, 16.7), ksb: totals(4, 1, 0, 25) },
        criteria: [
          {
            code: 'K1',
            kind: 'knowledge',
            text: 'Knows one',
            status: 'evidenced',
            acceptedCount: 1,
            claimedCount: 0,
            evidence: [{ ...E1, tagStatus: 'accepted' }],
            firstEvidencedAt: k1At,
          },
          missing('K2', 'knowledge', 'Knows two'),
          missing('S1', 'skill', 'Does one', [{ ...E1, tagStatus: 'rejected' }]),
          missing('B1', 'behaviour', 'Behaves'),
          { ...missing('D1', 'duty', 'Duty one'), linkedKsbs: { total: 2, evidenced: 1 } },
          missing('D2', 'duty', 'Duty two'),
        ],
        gaps: [
          { code: 'K2', kind: 'knowledge', status: 'missing' },
          { code: 'S1', kind: 'skill', status: 'missing' },
          { code: 'B1', kind: 'behaviour', status: 'missing' },
          { code: 'D1', kind: 'duty', status: 'missing' },
          { code: 'D2', kind: 'duty', status: 'missing' },
        ],
      });
    });

    it('a new claim leaves evidenced alone and makes a rejected criterion claimed', async () => {
      e.two = await addEvidence(t, x.apprentice.token, x.apprenticeshipId, ['K1', 'S1']);
      expect(await criterion(x.apprentice.token, x.apprenticeshipId, 'K1')).toMatchObject({
        status: 'evidenced',
        acceptedCount: 1,
        claimedCount: 1,
      });
      const s1 = await criterion(x.apprentice.token, x.apprenticeshipId, 'S1');
      expect(s1).toMatchObject({ status: 'claimed', acceptedCount: 0, claimedCount: 1 });
      expect(s1.evidence.map((ev) => [ev.reference, ev.tagStatus])).toEqual([
        ['E1', 'rejected'],
        ['E2', 'claimed'],
      ]);
    });

    it('evidenced → claimed when the evidence is resubmitted after review (tags back to claimed)', async () => {
      await as(t, x.apprentice.token)
        .patch(`/api/evidence/${e.one.id}`)
        .send({ title: 'Pipeline v2' })
        .expect(200);
      // An edit alone leaves the decisions standing; resubmitting puts them back to claimed.
      expect(await criterion(x.apprentice.token, x.apprenticeshipId, 'K1')).toMatchObject({
        status: 'evidenced',
      });
      await as(t, x.apprentice.token).post(`/api/evidence/${e.one.id}/submit`).expect(200);
      expect(await criterion(x.apprentice.token, x.apprenticeshipId, 'K1')).toMatchObject({
        status: 'claimed',
        acceptedCount: 0,
        claimedCount: 2,
        firstEvidencedAt: null,
      });
    });

    it('stays claimed while another tag is pending after a rejection', async () => {
      await as(t, a.provider.token)
        .post(`/api/evidence/${e.one.id}/review`)
        .send({
          decisions: [
            { code: 'K1', decision: 'rejected', reason: 'Not yet' },
            { code: 'S1', decision: 'rejected', reason: 'Not yet' },
          ],
          outcome: 'changes_requested',
        })
        .expect(200);
      expect(await statusesOf(x.apprentice.token, x.apprenticeshipId)).toMatchObject({
        K1: 'claimed',
        S1: 'claimed',
      });
    });

    it('claimed → missing when the evidence carrying the claim is deleted', async () => {
      await as(t, x.apprentice.token).delete(`/api/evidence/${e.two.id}`).expect(204);
      const k1 = await criterion(x.apprentice.token, x.apprenticeshipId, 'K1');
      expect(k1).toMatchObject({ status: 'missing', acceptedCount: 0, claimedCount: 0 });
      expect(k1.evidence).toEqual([
        { reference: 'E1', id: e.one.id, title: 'Pipeline v2', tagStatus: 'rejected' },
      ]);
    });

    it('evidenced → missing when accepted evidence is deleted (after changes were requested)', async () => {
      e.three = await addEvidence(t, x.apprentice.token, x.apprenticeshipId, ['B1', 'D1']);
      await review(e.three.id, { B1: 'accepted', D1: 'accepted' });
      expect(await statusesOf(x.apprentice.token, x.apprenticeshipId)).toMatchObject({
        B1: 'evidenced',
        D1: 'evidenced',
      });
      await as(t, x.apprentice.token).delete(`/api/evidence/${e.three.id}`).expect(204);
      expect(await statusesOf(x.apprentice.token, x.apprenticeshipId)).toEqual({
        K1: 'missing',
        K2: 'missing',
        S1: 'missing',
        B1: 'missing',
        D1: 'missing',
        D2: 'missing',
      });
      expect((await criterion(x.apprentice.token, x.apprenticeshipId, 'B1')).evidence).toEqual([]);
    });

    it('claimed → missing when the apprentice withdraws the claim', async () => {
      e.four = await addEvidence(t, x.apprentice.token, x.apprenticeshipId, ['K2']);
      expect((await statusesOf(x.apprentice.token, x.apprenticeshipId)).K2).toBe('claimed');
      await tagEvidence(t, x.apprentice.token, e.four.id, ['B1']);
      expect(await statusesOf(x.apprentice.token, x.apprenticeshipId)).toMatchObject({
        K2: 'missing',
        B1: 'claimed',
      });
    });
  });

  it('needs N = 2 accepted tags when the standard says so; firstEvidencedAt is the 2nd', async () => {
    const x = await enrol(t, a, { name: 'Nina Two', standardCode: 'ST9102' });
    const one = await addEvidence(t, x.apprentice.token, x.apprenticeshipId, ['K1', 'S1']);
    await submitAndReview(
      t,
      x.apprentice.token,
      a.provider.token,
      one.id,
      { K1: 'accepted', S1: 'accepted' },
      'accepted',
    );
    expect(await criterion(x.apprentice.token, x.apprenticeshipId, 'K1')).toMatchObject({
      status: 'claimed',
      acceptedCount: 1,
      claimedCount: 0,
      firstEvidencedAt: null,
    });
    const two = await addEvidence(t, x.apprentice.token, x.apprenticeshipId, ['K1']);
    await submitAndReview(
      t,
      x.apprentice.token,
      a.provider.token,
      two.id,
      { K1: 'accepted' },
      'accepted',
    );
    const body = await coverageOf(x.apprentice.token, x.apprenticeshipId);
    expect(body.standard).toEqual({ code: 'ST9102', version: '1.0', evidenceThreshold: 2 });
    expect(body.criteria.find((c) => c.code === 'K1')).toMatchObject({
      status: 'evidenced',
      acceptedCount: 2,
      firstEvidencedAt: await decidedAt(two.id, 'K1'),
    });
    expect(body.totals).toEqual({
      knowledge: totals(1, 1, 0, 100),
      skill: totals(1, 0, 1, 0),
      behaviour: totals(1, 0, 0, 0),
      duty: totals(1, 0, 0, 0),
    });
    expect(body.overall).toEqual({ all: totals(4, 1, 1, 25), ksb: totals(3, 1, 1, 33.3) });
    expect(body.gaps).toEqual([
      { code: 'S1', kind: 'skill', status: 'claimed' },
      { code: 'B1', kind: 'behaviour', status: 'missing' },
      { code: 'D1', kind: 'duty', status: 'missing' },
    ]);
  });

  it("applies the provider's threshold when it is higher than the standard's", async () => {
    const c = await createTenant(t, adminToken);
    const provider = as(t, c.provider.token);
    await provider
      .patch(`/api/organisations/${c.providerId}`)
      .send({ evidenceThreshold: 2 })
      .expect(200);
    await as(t, a.provider.token)
      .patch(`/api/organisations/${c.providerId}`)
      .send({ evidenceThreshold: 1 })
      .expect(404);
    const onEmployer = await provider
      .patch(`/api/organisations/${c.employerId}`)
      .send({ evidenceThreshold: 2 })
      .expect(422);
    expect(onEmployer.body.details.map((d: { field: string }) => d.field)).toEqual([
      'evidenceThreshold',
    ]);

    const ev = await addEvidence(t, c.apprentice.token, c.apprenticeshipId, ['K1']);
    await submitAndReview(
      t,
      c.apprentice.token,
      c.provider.token,
      ev.id,
      { K1: 'accepted' },
      'accepted',
    );
    const strict = await coverageOf(c.apprentice.token, c.apprenticeshipId);
    expect(strict.standard).toEqual({ code: 'ST1398', version: '1.0', evidenceThreshold: 2 });
    expect(strict.criteria.find((x) => x.code === 'K1')).toMatchObject({
      status: 'claimed',
      acceptedCount: 1,
    });

    await provider
      .patch(`/api/organisations/${c.providerId}`)
      .send({ evidenceThreshold: null })
      .expect(200);
    const relaxed = await coverageOf(c.apprentice.token, c.apprenticeshipId);
    expect(relaxed.standard).toEqual({ code: 'ST1398', version: '1.0', evidenceThreshold: 1 });
    expect(relaxed.criteria.find((x) => x.code === 'K1')).toMatchObject({ status: 'evidenced' });
  });

  it("counts a linked duty's KSBs separately from the duty's own status", async () => {
    const x = await enrol(t, a, { name: 'Dee Duties', standardCode: 'ST9101' });
    const ev = await addEvidence(t, x.apprentice.token, x.apprenticeshipId, ['K1', 'S1', 'D2']);
    await submitAndReview(
      t,
      x.apprentice.token,
      a.provider.token,
      ev.id,
      { K1: 'accepted', S1: 'accepted', D2: 'accepted' },
      'accepted',
    );
    const body = await coverageOf(x.apprentice.token, x.apprenticeshipId);
    const byCode = Object.fromEntries(body.criteria.map((c) => [c.code, c]));
    expect(byCode.D1).toMatchObject({ status: 'missing', linkedKsbs: { total: 2, evidenced: 2 } });
    expect(byCode.D2.status).toBe('evidenced');
    expect(byCode.D2).not.toHaveProperty('linkedKsbs');
    expect(byCode.K1).not.toHaveProperty('linkedKsbs');
    // The route sends the database's own JSON: exactly what the typed service answers.
    const typed = await t.app.get(CoverageService).forApprenticeship(x.apprenticeshipId);
    expect(body).toEqual(JSON.parse(JSON.stringify(typed)));
    expect(body.criteria.some((c) => c.evidence.length > 0 && c.firstEvidencedAt)).toBe(true);
  });

  describe('cohort matrix and CSV', () => {
    let cohortId: string;
    let alice: Enrolment;
    let zoe: Enrolment;
    let fang: Enrolment;
    const ZOE = 'Zoë "Zed" Łukasiewicz, Jr';
    const statuses = (...s: string[]) => s;

    beforeAll(async () => {
      cohortId = await createCohort(t, a, { name: 'Données & Co — 2026', standardCode: 'ST9101' });
      fang = await enrol(t, a, { name: '王芳', cohortId, uln: '2234567890' });
      zoe = await enrol(t, a, { name: ZOE, cohortId, uln: '1234567890' });
      alice = await enrol(t, a, { name: 'Alice Smith', cohortId, uln: '3234567890' });
      const ev = await addEvidence(t, alice.apprentice.token, alice.apprenticeshipId, [
        'K1',
        'K2',
        'S1',
      ]);
      await submitAndReview(
        t,
        alice.apprentice.token,
        a.provider.token,
        ev.id,
        { K1: 'accepted', K2: 'accepted' },
        'changes_requested',
      );
      await addEvidence(t, zoe.apprentice.token, zoe.apprenticeshipId, ['K1']);
    });

    it('is the apprentices × criteria matrix with the criteria most often missing', async () => {
      const res = await as(t, a.provider.token)
        .get(`/api/cohorts/${cohortId}/coverage`)
        .expect(200);
      expect(res.body).toStrictEqual({
        cohort: { id: cohortId, name: 'Données & Co — 2026' },
        standard: { code: 'ST9101', version: '1.0', evidenceThreshold: 1 },
        criteria: [
          { code: 'K1', kind: 'knowledge' },
          { code: 'K2', kind: 'knowledge' },
          { code: 'S1', kind: 'skill' },
          { code: 'B1', kind: 'behaviour' },
          { code: 'D1', kind: 'duty' },
          { code: 'D2', kind: 'duty' },
        ],
        apprentices: [
          {
            apprenticeshipId: alice.apprenticeshipId,
            apprentice: { id: alice.apprentice.id, name: 'Alice Smith' },
            uln: '3234567890',
            percentEvidenced: 33.3,
            statuses: statuses(
              'evidenced',
              'evidenced',
              'claimed',
              'missing',
              'missing',
              'missing',
            ),
          },
          {
            apprenticeshipId: zoe.apprenticeshipId,
            apprentice: { id: zoe.apprentice.id, name: ZOE },
            uln: '1234567890',
            percentEvidenced: 0,
            statuses: statuses('claimed', 'missing', 'missing', 'missing', 'missing', 'missing'),
          },
          {
            apprenticeshipId: fang.apprenticeshipId,
            apprentice: { id: fang.apprentice.id, name: '王芳' },
            uln: '2234567890',
            percentEvidenced: 0,
            statuses: statuses('missing', 'missing', 'missing', 'missing', 'missing', 'missing'),
          },
        ],
        mostMissing: [
          { code: 'B1', kind: 'behaviour', missing: 3, share: 1 },
          { code: 'D1', kind: 'duty', missing: 3, share: 1 },
          { code: 'D2', kind: 'duty', missing: 3, share: 1 },
          { code: 'K2', kind: 'knowledge', missing: 2, share: 0.667 },
          { code: 'S1', kind: 'skill', missing: 2, share: 0.667 },
          { code: 'K1', kind: 'knowledge', missing: 1, share: 0.333 },
        ],
      });
    });

    it('sends the database’s JSON: exactly what the typed service answers the pages', async () => {
      const res = await as(t, a.provider.token)
        .get(`/api/cohorts/${cohortId}/coverage`)
        .expect(200);
      const typed = await t.app.get(CoverageService).forCohort(cohortId);
      expect(res.body).toStrictEqual(JSON.parse(JSON.stringify(typed)));
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('agrees with each apprentice’s own coverage', async () => {
      const own = await statusesOf(alice.apprentice.token, alice.apprenticeshipId);
      expect(Object.values(own)).toEqual([
        'evidenced',
        'evidenced',
        'claimed',
        'missing',
        'missing',
        'missing',
      ]);
    });

    it('exports RFC 4180 CSV, UTF-8 with BOM, byte for byte', async () => {
      const res = await as(t, a.provider.token)
        .get(`/api/cohorts/${cohortId}/coverage?format=csv`)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="cohort-donnees-co-2026-coverage.csv"; ' +
          "filename*=UTF-8''cohort-donn%C3%A9es-co-2026-coverage.csv",
      );
      const expected =
        '\uFEFF' +
        'Apprentice,ULN,Percent evidenced,K1,K2,S1,B1,D1,D2\r\n' +
        'Alice Smith,3234567890,33.3,evidenced,evidenced,claimed,missing,missing,missing\r\n' +
        '"Zoë ""Zed"" Łukasiewicz, Jr",1234567890,0,claimed,missing,missing,missing,missing,missing\r\n' +
        '王芳,2234567890,0,missing,missing,missing,missing,missing,missing\r\n';
      expect((res.body as Buffer).toString('utf8')).toBe(expected);
      expect((res.body as Buffer).equals(Buffer.from(expected, 'utf8'))).toBe(true);
      expect((res.body as Buffer).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    });

    it('refuses an unknown format with 422 naming it', async () => {
      const res = await as(t, a.provider.token)
        .get(`/api/cohorts/${cohortId}/coverage?format=xlsx`)
        .expect(422);
      expect(res.body.details).toEqual([{ field: 'format', message: expect.any(String) }]);
      await as(t, a.provider.token)
        .get(`/api/cohorts/${cohortId}/coverage?format=json`)
        .expect(200);
    });

    it('has an empty matrix for a cohort with nobody in it', async () => {
      const empty = await createCohort(t, a, { name: 'Empty', standardCode: 'ST9102' });
      const res = await as(t, a.provider.token).get(`/api/cohorts/${empty}/coverage`).expect(200);
      expect(res.body).toMatchObject({ apprentices: [], mostMissing: [] });
      expect(res.body.criteria).toHaveLength(4);
    });
  });

  describe('access', () => {
    type Who = 'admin' | 'provider' | 'employer' | 'apprentice' | 'assessor' | 'otherApprentice';
    let tokens: Record<Who, string>;

    beforeAll(async () => {
      const other = await enrol(t, a, { name: 'Olga Other', cohortId: a.cohortId });
      tokens = {
        admin: adminToken,
        provider: a.provider.token,
        employer: a.employer.token,
        apprentice: a.apprentice.token,
        assessor: assessor.token, // assigned to a.apprenticeshipId, but sees frozen portfolios only
        otherApprentice: other.apprentice.token,
      };
    });

    // [path for tenant X, expected for own tenant (A), expected for the other tenant (B)]
    const rows: [string, (x: Tenant) => string, Record<Who, [number, number]>][] = [
      [
        'apprenticeship coverage',
        (x) => `/api/apprenticeships/${x.apprenticeshipId}/coverage`,
        {
          admin: [200, 200],
          provider: [200, 404],
          employer: [200, 404],
          apprentice: [200, 404],
          assessor: [404, 404],
          otherApprentice: [404, 404],
        },
      ],
      [
        'cohort coverage',
        (x) => `/api/cohorts/${x.cohortId}/coverage`,
        {
          admin: [200, 200],
          provider: [200, 404],
          employer: [404, 404],
          apprentice: [404, 404],
          assessor: [404, 404],
          otherApprentice: [404, 404],
        },
      ],
      [
        'cohort coverage CSV',
        (x) => `/api/cohorts/${x.cohortId}/coverage?format=csv`,
        {
          admin: [200, 200],
          provider: [200, 404],
          employer: [404, 404],
          apprentice: [404, 404],
          assessor: [404, 404],
          otherApprentice: [404, 404],
        },
      ],
    ];
    const cases = rows.flatMap(([name, path, expected]) =>
      (Object.keys(expected) as Who[]).map((who) => [name, who, path, expected[who]] as const),
    );

    it.each(cases)('%s as %s', async (_, who, path, [own, other]) => {
      await as(t, tokens[who]).get(path(a)).expect(own);
      await as(t, tokens[who]).get(path(b)).expect(other);
    });

    it.each([
      ['admin', 200],
      ['provider', 200],
      ['employer', 403],
      ['apprentice', 403],
      ['assessor', 403],
    ] as const)('overview as %s: %i', async (who, status) => {
      await as(t, tokens[who]).get('/api/coverage/overview').expect(status);
    });

    it('needs a token, a UUID, and an id that exists', async () => {
      for (const path of [
        `/api/apprenticeships/${a.apprenticeshipId}/coverage`,
        `/api/cohorts/${a.cohortId}/coverage`,
        '/api/coverage/overview',
      ])
        await request(t.http).get(path).expect(401);
      const unknown = '00000000-0000-4000-8000-000000000000';
      await as(t, adminToken).get(`/api/apprenticeships/${unknown}/coverage`).expect(404);
      await as(t, adminToken).get(`/api/cohorts/${unknown}/coverage`).expect(404);
      const bad = await as(t, adminToken).get('/api/apprenticeships/nope/coverage').expect(422);
      expect(bad.body.details).toEqual([{ field: 'id', message: expect.any(String) }]);
    });
  });

  describe('provider overview', () => {
    let c: Tenant;
    let cohortId: string;
    let secondTutor: { id: string; name: string };
    const people: Record<string, Enrolment> = {};
    const overview = async (token: string, query = '') =>
      (await as(t, token).get(`/api/coverage/overview${query}`).expect(200)).body as {
        items: { apprenticeshipId: string; atRisk: boolean }[];
        total: number;
        limit: number;
        offset: number;
      };
    const idsOf = (page: { items: { apprenticeshipId: string }[] }) =>
      page.items.map((i) => i.apprenticeshipId);
    const accept = async (x: Enrolment, codes: string[]) => {
      const ev = await addEvidence(t, x.apprentice.token, x.apprenticeshipId, codes);
      const decisions = Object.fromEntries(codes.map((code) => [code, 'accepted' as const]));
      await submitAndReview(t, x.apprentice.token, c.provider.token, ev.id, decisions, 'accepted');
    };

    beforeAll(async () => {
      c = await createTenant(t, adminToken);
      await as(t, c.provider.token)
        .patch(`/api/apprenticeships/${c.apprenticeshipId}`)
        .send({ startDate: isoDay(-50), plannedGatewayDate: isoDay(50) })
        .expect(200);
      const tutor = await as(t, adminToken)
        .post('/api/users')
        .send({
          role: 'provider',
          organisationId: c.providerId,
          name: 'Second Tutor',
          email: `tutor-${Date.now()}@test.example`,
          password: 'second-tutor-pass-1',
        })
        .expect(201);
      secondTutor = { id: tutor.body.id, name: 'Second Tutor' };
      cohortId = await createCohort(t, c, { name: 'Overview cohort', standardCode: 'ST9101' });
      const on = (name: string, start: number, gateway: number, tutorId?: string) =>
        enrol(t, c, {
          name,
          cohortId,
          startDate: isoDay(start),
          plannedGatewayDate: isoDay(gateway),
          tutorId,
        });
      people.petra = await on('Petra Behind', -100, 100);
      people.quinn = await on('Quinn Ahead', -10, 90, secondTutor.id);
      people.rita = await on('Rita Overdue', -400, -10);
      people.sam = await on('Sam Exact', -60, 60);
      people.tom = await on('Tom Withdrawn', -100, 100);
      await accept(people.petra, ['K1']);
      await accept(people.quinn, ['K1', 'K2']);
      await accept(people.rita, ['K1', 'K2', 'S1']);
      await accept(people.sam, ['K1', 'K2', 'S1']);
      await as(t, c.provider.token)
        .patch(`/api/apprenticeships/${people.tom.apprenticeshipId}`)
        .send({ status: 'withdrawn' })
        .expect(200);
    });

    it('lists every apprenticeship, those falling behind first, with exact figures', async () => {
      const page = await overview(c.provider.token);
      const cohort = { id: cohortId, name: 'Overview cohort' };
      const tutor = { id: c.provider.id, name: 'Test provider' };
      const item = (
        x: { apprenticeshipId: string; apprentice: { id: string } },
        name: string,
        start: number,
        gateway: number,
        figures: { elapsedShare: number } & Record<string, unknown>,
      ) => ({
        apprenticeshipId: x.apprenticeshipId,
        apprentice: { id: x.apprentice.id, name },
        provider: { id: c.providerId, name: expect.any(String) },
        cohort,
        tutor,
        status: 'in_training',
        startDate: isoDay(start),
        plannedGatewayDate: isoDay(gateway),
        daysToGateway: gateway,
        awaitingReview: 0,
        // No progress review yet: the first is due by the 3-calendar-month rule from the start.
        nextReviewDue: reviewDueAfter(isoDay(start)),
        reviewOverdue: reviewDueAfter(isoDay(start)) < isoDay(0),
        ...figures,
        // Off-the-job hours beside coverage: nothing planned or logged here, same time elapsed.
        otj: {
          apprenticeshipId: x.apprenticeshipId,
          ruleYear: '2025/26',
          plannedHours: null,
          rplHours: 0,
          publishedMinimumHours: null,
          minimumHours: null,
          floorHours: 187,
          approvedHours: 0,
          pendingHours: 0,
          ineligibleHours: 0,
          elapsedShare: figures.elapsedShare,
          expectedHours: null,
          behindTarget: null,
        },
      });
      const defaultOne = {
        apprenticeshipId: c.apprenticeshipId,
        apprentice: { id: c.apprentice.id },
      };
      expect(page).toStrictEqual({
        items: [
          item(people.rita, 'Rita Overdue', -400, -10, {
            percentEvidenced: 50,
            gaps: 3,
            elapsedShare: 1,
            shortfall: 50,
            atRisk: true,
          }),
          {
            ...item(defaultOne, 'Test apprentice', -50, 50, {
              percentEvidenced: 0,
              gaps: 79,
              elapsedShare: 0.5,
              shortfall: 50,
              atRisk: true,
            }),
            cohort: { id: c.cohortId, name: expect.any(String) },
          },
          item(people.petra, 'Petra Behind', -100, 100, {
            percentEvidenced: 16.7,
            gaps: 5,
            elapsedShare: 0.5,
            shortfall: 33.3,
            atRisk: true,
          }),
          item(people.sam, 'Sam Exact', -60, 60, {
            percentEvidenced: 50,
            gaps: 3,
            elapsedShare: 0.5,
            shortfall: 0,
            atRisk: false,
          }),
          {
            ...item(people.quinn, 'Quinn Ahead', -10, 90, {
              percentEvidenced: 33.3,
              gaps: 4,
              elapsedShare: 0.1,
              shortfall: -23.3,
              atRisk: false,
            }),
            tutor: secondTutor,
          },
          {
            ...item(people.tom, 'Tom Withdrawn', -100, 100, {
              percentEvidenced: 0,
              gaps: 6,
              elapsedShare: 0.5,
              shortfall: 50,
              atRisk: false,
            }),
            status: 'withdrawn',
            // Out of the practical period: no review is scheduled.
            nextReviewDue: null,
            reviewOverdue: false,
          },
        ],
        total: 6,
        limit: 50,
        offset: 0,
      });
    });

    it('pages, filters by cohort, tutor and status, and stays within the tenant', async () => {
      const { petra, quinn, rita, sam, tom } = people;
      const page = await overview(c.provider.token, '?limit=2&offset=2');
      expect(page).toMatchObject({ total: 6, limit: 2, offset: 2 });
      expect(idsOf(page)).toEqual([petra.apprenticeshipId, sam.apprenticeshipId]);
      expect(await overview(c.provider.token, '?offset=10')).toMatchObject({
        items: [],
        total: 6,
      });
      expect(idsOf(await overview(c.provider.token, `?cohortId=${cohortId}`))).toEqual(
        [rita, petra, sam, quinn, tom].map((x) => x.apprenticeshipId),
      );
      expect(idsOf(await overview(c.provider.token, `?tutorId=${secondTutor.id}`))).toEqual([
        quinn.apprenticeshipId,
      ]);
      expect(idsOf(await overview(c.provider.token, '?status=withdrawn'))).toEqual([
        tom.apprenticeshipId,
      ]);
      expect(await overview(c.provider.token, `?providerId=${a.providerId}`)).toMatchObject({
        items: [],
        total: 0,
      });
    });

    it('shows admins every provider, or one with providerId', async () => {
      const mine = idsOf(await overview(c.provider.token));
      expect(idsOf(await overview(adminToken, `?providerId=${c.providerId}`))).toEqual(mine);
      const all = await overview(adminToken, '?limit=200');
      expect(all.total).toBeGreaterThan(6);
      expect(idsOf(all)).toEqual(expect.arrayContaining([...mine, a.apprenticeshipId]));
    });

    it('rejects bad filters with 422', async () => {
      await as(t, c.provider.token).get('/api/coverage/overview?status=asleep').expect(422);
      await as(t, c.provider.token).get('/api/coverage/overview?cohortId=nope').expect(422);
      await as(t, c.provider.token).get('/api/coverage/overview?limit=500').expect(422);
    });
  });
});
