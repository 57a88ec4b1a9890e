import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { isoDay } from '../src/common/clock/calendar.js';
import { reviewDueAfter, reviewDueSql } from '../src/modules/reviews/review-schedule.js';
import { addEvidence, submitAndReview } from './support/evidence-factories.js';
import {
  ADMIN,
  as,
  createAssessor,
  createTenant,
  login,
  Tenant,
  binary,
} from './support/factories.js';
import { readPdf } from './support/pdf-tools.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** Today as the service counts it (UTC), for the dates these tests send and expect. */
const todayIso = () => isoDay(new Date());

type Body = Record<string, unknown>;
const fields = (body: Body) => (body.details as { field: string }[]).map((d) => d.field);

describe('Progress reviews', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let adminToken: string;
  let assessorToken: string;
  const provider = () => as(t, a.provider.token);
  const employer = () => as(t, a.employer.token);
  const apprentice = () => as(t, a.apprentice.token);
  const reviewsOf = (id = a.apprenticeshipId) => `/api/apprenticeships/${id}/progress-reviews`;
  const record = (body: Body) => provider().post(reviewsOf()).send(body);
  const ids: string[] = [];
  /** The portfolio's home page as `token`'s holder sees it (session cookie, as a browser). */
  const home = (token: string) =>
    request(t.http)
      .get(`/portfolio/${a.apprenticeshipId}`)
      .set('Cookie', `ksb_session=${token}`)
      .expect(200)
      .then((r) => r.text);

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    const assessor = await createAssessor(t, adminToken);
    assessorToken = assessor.token;
    a = await createTenant(t, adminToken, { assessorId: assessor.id });
    b = await createTenant(t, adminToken);
  });
  afterAll(async () => {
    await t.close();
  });

  it('agrees with the rule in SQL for every day of four years, leap years included', async () => {
    const [row] = await t.dataSource.query<{ pairs: [string, string][] }[]>(
      `SELECT json_agg(json_build_array(to_char(d, 'YYYY-MM-DD'),
                                        to_char(${reviewDueSql('d::date')}, 'YYYY-MM-DD'))) AS pairs
       FROM generate_series('2027-01-01'::date, '2030-12-31'::date, interval '1 day') d`,
    );
    expect(row.pairs).toHaveLength(1461);
    for (const [from, due] of row.pairs) expect([from, due]).toEqual([from, reviewDueAfter(from)]);
    expect(reviewDueAfter('2027-11-30')).toBe('2028-02-29');
  });

  it('schedules the first review 3 calendar months after the start, overdue once past', async () => {
    const res = await provider().get(reviewsOf()).expect(200);
    // The start is 6 January 2025: due by the end of April.
    expect(res.body.schedule).toEqual({
      nextDueDate: '2025-04-30',
      ruleDueDate: '2025-04-30',
      daysOverdue: expect.any(Number),
      overdue: true,
      inPracticalPeriod: true,
    });
    expect(res.body.reviews).toEqual([]);
    const overview = await provider().get('/api/coverage/overview').expect(200);
    expect(overview.body.items[0]).toMatchObject({
      apprenticeshipId: a.apprenticeshipId,
      nextReviewDue: '2025-04-30',
      reviewOverdue: true,
    });
  });

  it('refuses bad records with 422 naming the field', async () => {
    const future = reviewDueAfter(todayIso());
    const cases: [Body, string][] = [
      [{}, 'meetingDate'],
      [{ meetingDate: '2025-02-30' }, 'meetingDate'],
      [{ meetingDate: future }, 'meetingDate'],
      [{ meetingDate: '2024-12-31' }, 'meetingDate'],
      [{ meetingDate: '2025-01-31', nextReviewDate: '2025-05-01' }, 'nextReviewLaterReason'],
      [{ meetingDate: '2025-01-31', nextReviewDate: '2025-01-31' }, 'nextReviewDate'],
      [
        { meetingDate: '2025-01-31', nextReviewDate: '2025-05-31', nextReviewLaterReason: 'short' },
        'nextReviewLaterReason',
      ],
      [
        {
          meetingDate: '2025-01-31',
          actions: [{ description: 'x', owner: 'apprentice', dueDate: '2025-01-30' }],
        },
        'actions.0.dueDate',
      ],
      [
        {
          meetingDate: '2025-01-31',
          actions: [{ description: 'x', owner: 'tutor', dueDate: '2025-02-28' }],
        },
        'actions.0.owner',
      ],
      [
        {
          meetingDate: '2025-01-31',
          previousActions: [{ id: '7f1c2a4e-0000-4000-8000-000000000000', status: 'done' }],
        },
        'previousActions.0.id',
      ],
      [{ meetingDate: '2025-01-31', concerns: 42 }, 'concerns'],
      [{ meetingDate: '2025-01-31', signedBy: 'someone' }, 'signedBy'],
    ];
    for (const [body, field] of cases) {
      const res = await record(body);
      expect([res.status, res.body.code, fields(res.body)]).toEqual([
        422,
        'VALIDATION_FAILED',
        expect.arrayContaining([field]),
      ]);
    }
    for (const day of ['2026-13-45', '2026-02-30', 'soon']) {
      const draft = await provider().get(`${reviewsOf()}/draft?meetingDate=${day}`);
      expect([draft.status, fields(draft.body)]).toEqual([422, ['meetingDate']]);
    }
    const nothing = await t.dataSource.query<unknown[]>('SELECT 1 FROM progress_reviews');
    expect(nothing).toHaveLength(0);
  });

  it('numbers reviews, defaults the next date by the rule across month ends, flags late meetings', async () => {
    const first = await record({
      meetingDate: '2025-01-31',
      trainingPlanProgress: 'Settled in; first modules on track.',
      epaReadiness: 'Too early to say.',
      actions: [
        {
          description: 'Write up the data pipeline as evidence',
          owner: 'apprentice',
          dueDate: '2025-03-31',
        },
        {
          description: 'Arrange a model-review shadowing day',
          owner: 'employer',
          dueDate: '2025-04-15',
        },
      ],
    }).expect(201);
    expect(first.body).toMatchObject({
      number: 1,
      dueDate: '2025-04-30',
      heldLate: false,
      nextReviewDate: '2025-04-30', // 31 January → 30 April
      nextReviewRuleDate: '2025-04-30',
      previousActions: [],
      editable: true,
      nextToSign: 'provider',
      lockedAt: null,
    });
    expect(first.body.changes).toMatchObject({ since: '2025-01-06', firstReview: true });
    ids.push(first.body.id);

    // Before the previous meeting, or on the same day: refused.
    const same = await record({ meetingDate: '2025-01-31' }).expect(422);
    expect(fields(same.body)).toEqual(['meetingDate']);

    const second = await record({ meetingDate: '2025-11-30' }).expect(201);
    expect(second.body).toMatchObject({
      number: 2,
      dueDate: '2025-04-30',
      heldLate: true,
      nextReviewDate: '2026-02-28', // 30 November → 28 February
    });
    // The previous review's actions are carried over, not yet marked.
    expect(second.body.previousActions).toEqual(
      first.body.actions.map((x: Body) => ({ ...x, status: null })),
    );
    ids.push(second.body.id);
    const list = await provider().get(reviewsOf()).expect(200);
    expect(list.body.reviews.map((r: Body) => r.number)).toEqual([2, 1]);
    expect(list.body.schedule).toMatchObject({ nextDueDate: '2026-02-28', overdue: true });
  });

  it('refuses to change a review once a later one exists', async () => {
    const res = await provider().patch(`/api/progress-reviews/${ids[0]}`).send({ concerns: 'x' });
    expect([res.status, res.body.code]).toEqual([409, 'CONFLICT']);
  });

  it('pre-fills what changed since the previous review and carries the actions', async () => {
    const e1 = await addEvidence(t, a.apprentice.token, a.apprenticeshipId, ['K1', 'K2', 'S1']);
    await submitAndReview(
      t,
      a.apprentice.token,
      a.provider.token,
      e1.id,
      { K1: 'accepted', K2: 'accepted', S1: 'rejected' },
      'accepted',
    );
    const e2 = await addEvidence(t, a.apprentice.token, a.apprenticeshipId, ['B1']);
    await submitAndReview(
      t,
      a.apprentice.token,
      a.provider.token,
      e2.id,
      { B1: 'accepted' },
      'changes_requested',
    );
    const today = todayIso();
    const draft = await provider().get(`${reviewsOf()}/draft?meetingDate=${today}`).expect(200);
    expect(draft.body.changes.since).toBe('2025-11-30');
    const third = await record({ meetingDate: today }).expect(201);
    ids.push(third.body.id);
    const changes = third.body.changes;
    expect(changes).toMatchObject({
      since: '2025-11-30',
      until: today,
      firstReview: false,
      otj: null,
    });
    expect(changes.criteriaNewlyEvidenced.map((c: Body) => c.code).sort()).toEqual([
      'B1',
      'K1',
      'K2',
    ]);
    expect(changes.evidenceReviewed.counts).toEqual({
      accepted: 1,
      changesRequested: 1,
      tagsAccepted: 3,
      tagsRejected: 1,
    });
    expect(changes.evidenceReviewed.items.map((i: Body) => [i.reference, i.outcome])).toEqual([
      [e1.reference, 'accepted'],
      [e2.reference, 'changes_requested'],
    ]);
    // The review before saw none of it: its window had closed.
    const second = await provider().get(`/api/progress-reviews/${ids[1]}`).expect(200);
    expect(second.body.changes.criteriaNewlyEvidenced).toEqual([]);
  });

  it('audits every change with before and after', async () => {
    // Reviews 1 and 2 have later reviews now: review 3 is the one that can change.
    const third = ids[2];
    const changed = await provider()
      .patch(`/api/progress-reviews/${third}`)
      .send({ concerns: 'Workload during the release', nextReviewDate: reviewDueAfter(todayIso()) })
      .expect(200);
    expect(changed.body.concerns).toBe('Workload during the release');
    const events = await t.dataSource.query<{ action: string; before: Body; after: Body }[]>(
      `SELECT action, before, after FROM audit_events WHERE entity_type = 'progress_review'
       AND entity_id = $1 ORDER BY id`,
      [third],
    );
    expect(events.map((e) => e.action)).toEqual([
      'progress_review.created',
      'progress_review.updated',
    ]);
    expect(events[1].before).toMatchObject({ concerns: '' });
    expect(events[1].after).toMatchObject({ concerns: 'Workload during the release' });
  });

  it('signs in turn, each their own, and locks when all three have', async () => {
    const id = ids[1]; // held 30 November 2025: every signature now is late
    const url = `/api/progress-reviews/${id}/signatures`;
    // Not before the provider; the provider not before the record is complete.
    const early = await employer().post(url).expect(409);
    expect(early.body.details).toEqual({ nextToSign: 'provider' });
    await apprentice().post(url).expect(409);
    const incomplete = await provider().post(url).expect(422);
    expect(fields(incomplete.body)).toEqual(
      expect.arrayContaining(['trainingPlanProgress', 'epaReadiness', 'previousActions.0.status']),
    );
    const carried = (await provider().get(`/api/progress-reviews/${id}`)).body.previousActions;
    // Review 2 is followed by review 3, so it cannot be completed now: its record stands as it is.
    await provider()
      .patch(`/api/progress-reviews/${id}`)
      .send({ previousActions: carried.map((x: Body) => ({ id: x.id, status: 'done' })) })
      .expect(409);

    // Review 3 (today) is the one to sign.
    const third = ids[2];
    const sign = `/api/progress-reviews/${third}/signatures`;
    const before = (await provider().get(`/api/progress-reviews/${third}`)).body;
    await provider()
      .patch(`/api/progress-reviews/${third}`)
      .send({
        trainingPlanProgress: 'Two modules completed; on plan.',
        epaReadiness: 'Portfolio coverage growing; not ready yet.',
        previousActions: [],
      })
      .expect(200);
    expect(before.previousActions).toEqual([]);
    await employer().post(sign).expect(409);
    const p = await provider().post(sign).expect(200);
    expect(p.body).toMatchObject({ nextToSign: 'employer', editable: false, lockedAt: null });
    expect(p.body.signatures[0]).toMatchObject({
      party: 'provider',
      signed: true,
      daysAfterMeeting: 0,
      late: false,
    });
    expect(p.body.signatures[0].contentSha256).toMatch(/^[0-9a-f]{64}$/);
    await provider().post(sign).expect(409);
    const edit = await provider()
      .patch(`/api/progress-reviews/${third}`)
      .send({ concerns: 'late edit' });
    expect([edit.status, edit.body.code]).toEqual([409, 'CONFLICT']);
    await apprentice().post(sign).expect(409);
    await employer().post(sign).expect(200);
    await employer().post(sign).expect(409);
    // The apprentice's home page says the review waits for her, and links to where she signs.
    const waiting = `href="/progress-review/${third}#signatures"`;
    expect(await home(a.apprentice.token)).toContain('Waiting for your signature');
    expect(await home(a.apprentice.token)).toContain(waiting);
    expect(await home(a.employer.token)).not.toContain(waiting);
    const pdfBefore = await provider().get(`/api/progress-reviews/${third}/review.pdf`);
    expect(pdfBefore.status).toBe(409);
    const done = await apprentice().post(sign).expect(200);
    expect(done.body).toMatchObject({ nextToSign: null, editable: false });
    expect(done.body.lockedAt).not.toBeNull();
    expect(new Set(done.body.signatures.map((s: Body) => s.contentSha256)).size).toBe(1);
    await apprentice().post(sign).expect(409);
    expect(await home(a.apprentice.token)).not.toContain(waiting);

    const audit = await t.dataSource.query<{ after: Body; actor_id: string }[]>(
      `SELECT after, actor_id FROM audit_events WHERE action = 'progress_review.signed'
       AND entity_id = $1 ORDER BY id`,
      [third],
    );
    expect(audit.map((e) => [e.after.party, e.actor_id, e.after.locked])).toEqual([
      ['provider', a.provider.id, false],
      ['employer', a.employer.id, false],
      ['apprentice', a.apprentice.id, true],
    ]);
  });

  it('lets nobody sign for another party, and answers other tenants 404', async () => {
    const id = ids[0];
    const url = `/api/progress-reviews/${id}/signatures`;
    await as(t, adminToken).post(url).expect(403);
    await as(t, assessorToken).post(url).expect(404);
    await as(t, b.provider.token).post(url).expect(404);
    await as(t, b.employer.token).post(url).expect(404);
    await as(t, b.apprentice.token).post(url).expect(404);
    await as(t, b.provider.token).get(`/api/progress-reviews/${id}`).expect(404);
    await as(t, b.provider.token).patch(`/api/progress-reviews/${id}`).send({}).expect(404);
    await as(t, b.provider.token).get(`/api/progress-reviews/${id}/review.pdf`).expect(404);
    await as(t, b.provider.token).get(reviewsOf()).expect(404);
    await as(t, b.provider.token).post(reviewsOf()).send({ meetingDate: '2025-02-03' }).expect(404);
    await employer().post(reviewsOf()).send({ meetingDate: '2025-02-03' }).expect(403);
    await apprentice().patch(`/api/progress-reviews/${id}`).send({ concerns: 'mine' }).expect(403);
    // The parties read it; no signature was written by any refusal.
    await employer().get(`/api/progress-reviews/${id}`).expect(200);
    const rows = await t.dataSource.query<unknown[]>(
      'SELECT 1 FROM progress_review_signatures WHERE review_id = $1',
      [id],
    );
    expect(rows).toHaveLength(0);
  });

  it('flags signatures given more than 14 days after the meeting', async () => {
    // Review 1 (held 31 January 2025) is complete: signing it now is allowed, and late.
    const id = ids[0];
    const carriedNone = (await provider().get(`/api/progress-reviews/${id}`)).body;
    expect(carriedNone.previousActions).toEqual([]);
    const sign = `/api/progress-reviews/${id}/signatures`;
    const res = await provider().post(sign).expect(200);
    const s = res.body.signatures[0];
    expect(s.daysAfterMeeting).toBeGreaterThan(14);
    expect(s.late).toBe(true);
  });

  it('renders the signed review as a PDF, and lists the reviews in the portfolio PDF', async () => {
    const third = ids[2];
    const res = await binary(provider().get(`/api/progress-reviews/${third}/review.pdf`)).expect(
      200,
    );
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(res.body as Buffer)).pageTexts().join('\n');
    expect(text).toContain('Progress review 3');
    expect(text).toContain('Two modules completed; on plan.');
    expect(text).toContain('Workload during the release');
    expect(text).toContain('Signatures');
    const again = await binary(provider().get(`/api/progress-reviews/${third}/review.pdf`)).expect(
      200,
    );
    expect(Buffer.compare(again.body as Buffer, res.body as Buffer)).toBe(0);

    const draft = await binary(
      provider().get(`/api/apprenticeships/${a.apprenticeshipId}/portfolio.pdf`),
    ).expect(200);
    const pages = (await readPdf(draft.body as Buffer)).pageTexts();
    const section = pages.find((p) => p.includes('Progress reviews') && p.includes('Meeting'));
    expect(section).toBeDefined();
    expect(section).toContain('30 November 2025');
    expect(section).toContain('31 January 2025');
    expect(section).toMatch(/late/);
  });

  it('records no reviews after the practical period', async () => {
    await t.dataSource.query(`UPDATE apprenticeships SET status = 'gateway' WHERE id = $1`, [
      b.apprenticeshipId,
    ]);
    const res = await as(t, b.provider.token)
      .post(reviewsOf(b.apprenticeshipId))
      .send({ meetingDate: '2025-02-03' });
    expect([res.status, res.body.code]).toEqual([409, 'CONFLICT']);
    const list = await as(t, b.provider.token).get(reviewsOf(b.apprenticeshipId)).expect(200);
    expect(list.body.schedule).toMatchObject({
      nextDueDate: null,
      overdue: false,
      inPracticalPeriod: false,
    });
  });

  it('reports off-the-job hours approved by the meeting against those expected by then', async () => {
    const c = await createTenant(t, adminToken);
    const tutor = as(t, c.provider.token);
    const otjOf = `/api/apprenticeships/${c.apprenticeshipId}/otj`;
    const draftOn = async (meetingDate: string) =>
      (
        await tutor
          .get(`${reviewsOf(c.apprenticeshipId)}/draft?meetingDate=${meetingDate}`)
          .expect(200)
      ).body.changes.otj;
    // Without planned hours there is nothing to compare with.
    expect(await draftOn(todayIso())).toBeNull();
    await tutor.put(`${otjOf}/plan`).send({ plannedHours: 400 }).expect(200);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const logged = await as(t, c.apprentice.token)
      .post(`${otjOf}/entries`)
      .send({
        activityDate: yesterday,
        duration: '3:00',
        description: 'Model monitoring and drift detection workshop',
        category: 'theory',
        deliveredBy: 'provider',
        criteria: ['K5'],
      })
      .expect(201);
    await tutor
      .post(`/api/otj/entries/${logged.body.id}/decision`)
      .send({ decision: 'approved' })
      .expect(200);
    const progress = (await tutor.get(otjOf).expect(200)).body.progress;
    expect(await draftOn(todayIso())).toEqual({
      approvedHours: 3,
      expectedHours: progress.expectedHours,
    });
    // A meeting the day before the training: not yet approved hours of it, and less expected.
    const before = await draftOn(new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10));
    expect(before.approvedHours).toBe(0);
    expect(before.expectedHours).toBeLessThanOrEqual(progress.expectedHours);
    // A meeting the day of the training, which was approved only today, after it: not counted.
    expect((await draftOn(yesterday)).approvedHours).toBe(0);
  });
});
