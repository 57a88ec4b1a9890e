import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addEvidence } from './support/evidence-factories.js';
import { readPdf } from './support/pdf-tools.js';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const entry = (over: Record<string, unknown> = {}) => ({
  activityDate: day(-2),
  duration: '1:30',
  description: 'Feature-store workshop with the data platform team',
  category: 'theory',
  deliveredBy: 'provider',
  criteria: ['K5', 'S3'],
  ...over,
});
const fields = (body: { details?: { field: string }[] }) =>
  (body.details ?? []).map((d) => d.field).sort();

describe('Off-the-job training log', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let secondTutor: Person;
  let adminToken: string;

  const apprentice = () => as(t, a.apprentice.token);
  const provider = () => as(t, a.provider.token);
  const tutor2 = () => as(t, secondTutor.token);
  const employer = () => as(t, a.employer.token);
  const log = (body: object, who = apprentice()) =>
    who.post(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries`).send(body);
  const trail = async (entityId: string) => {
    const res = await provider()
      .get(`/api/apprenticeships/${a.apprenticeshipId}/audit?limit=200`)
      .expect(200);
    return (
      res.body.items as { action: string; entityId: string; before: unknown; after: unknown }[]
    )
      .filter((e) => e.entityId === entityId)
      .reverse();
  };

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, adminToken);
    b = await createTenant(t, adminToken);
    const email = `tutor2-${Date.now()}@test.example`;
    const res = await as(t, adminToken)
      .post('/api/users')
      .send({
        role: 'provider',
        organisationId: a.providerId,
        email,
        password: 'second-tutor-pass-1',
        name: 'Second Tutor',
      })
      .expect(201);
    secondTutor = {
      id: res.body.id,
      email,
      password: 'second-tutor-pass-1',
      token: await login(t, email, 'second-tutor-pass-1'),
    };
  });
  afterAll(async () => {
    await t.close();
  });

  it('holds the rules as data, and no invented minimum for ST1398', async () => {
    const res = await apprentice()
      .get(`/api/apprenticeships/${a.apprenticeshipId}/otj`)
      .expect(200);
    expect(res.body.rules.ruleYear).toBe('2025/26');
    expect(res.body.rules.floorHours).toBe(187);
    const eligible = Object.fromEntries(
      (res.body.rules.categories as { code: string; eligible: boolean }[]).map((c) => [
        c.code,
        c.eligible,
      ]),
    );
    expect(eligible).toMatchObject({ theory: true, induction: false, english_maths: false });
    expect(res.body.progress).toMatchObject({
      plannedHours: null,
      publishedMinimumHours: null,
      minimumHours: null,
      approvedHours: 0,
      expectedHours: null,
      behindTarget: null,
    });
    const standard = await apprentice().get('/api/standards/ST1398').expect(200);
    expect(standard.body.minimumOtjHours).toBeNull();
  });

  describe('the plan', () => {
    const plan = (body: object, who = provider()) =>
      who.put(`/api/apprenticeships/${a.apprenticeshipId}/otj/plan`).send(body);

    it('is never below the 187-hour floor', async () => {
      const res = await plan({ plannedHours: 186 }).expect(422);
      expect(fields(res.body)).toEqual(['plannedHours']);
      expect(res.body.message).toContain('187');
    });

    it('is set by the provider only; a change needs the reason, audited', async () => {
      await plan({ plannedHours: 400 }, apprentice()).expect(403);
      await plan({ plannedHours: 400 }, as(t, b.provider.token)).expect(404);
      const set = await plan({ plannedHours: 400, rplHours: 20 }).expect(200);
      expect(set.body.progress).toMatchObject({ plannedHours: 400, rplHours: 20 });
      const again = await plan({ plannedHours: 420 }).expect(422);
      expect(fields(again.body)).toEqual(['reason']);
      await plan({ plannedHours: 420, reason: 'Typed 400 instead of 420 at the start' }).expect(
        200,
      );
      const events = (await trail(a.apprenticeshipId)).filter((e) => e.action === 'otj.plan_set');
      expect(events.map((e) => [e.before, e.after])).toEqual([
        [null, { plannedHours: 400, rplHours: 20, reason: null }],
        [
          { plannedHours: 400, rplHours: 20 },
          { plannedHours: 420, rplHours: 20, reason: 'Typed 400 instead of 420 at the start' },
        ],
      ]);
    });

    it('takes prior learning off a published minimum, never below 187', async () => {
      await t.dataSource.query(
        `UPDATE standards SET minimum_otj_hours = 300 WHERE code = 'ST1398'`,
      );
      try {
        const reason = 'Prior learning assessed after the start';
        let res = await plan({ plannedHours: 420, rplHours: 50, reason }).expect(200);
        expect(res.body.progress).toMatchObject({ publishedMinimumHours: 300, minimumHours: 250 });
        res = await plan({ plannedHours: 420, rplHours: 200, reason }).expect(200);
        expect(res.body.progress.minimumHours).toBe(187);
        res = await plan({ plannedHours: 240, rplHours: 50, reason }).expect(422);
        expect(res.body.message).toContain('minimum of 250');
      } finally {
        await t.dataSource.query(`UPDATE standards SET minimum_otj_hours = NULL`);
        await plan({ plannedHours: 420, rplHours: 20, reason: 'Back to the assessed figures' });
      }
    });
  });

  describe('adding entries', () => {
    it('refuses bad input with every field named', async () => {
      const res = await log({ description: '' }).expect(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fields(res.body)).toEqual(
        expect.arrayContaining(['activityDate', 'category', 'deliveredBy', 'description']),
      );
      const shape = await log(entry({ duration: '90', startTime: '9am' })).expect(422);
      expect(fields(shape.body)).toEqual(['duration', 'startTime']);
    });

    it('refuses a future date, a missing duration, unknown codes and categories, others’ evidence', async () => {
      const other = await addEvidence(t, b.apprentice.token, b.apprenticeshipId, []);
      const res = await log(
        entry({
          activityDate: day(3),
          duration: undefined,
          category: 'coffee',
          criteria: ['K5', 'K99', 'Q1'],
          evidenceId: other.id,
        }),
      ).expect(422);
      expect(fields(res.body)).toEqual([
        'activityDate',
        'category',
        'criteria.1',
        'criteria.2',
        'duration',
        'evidenceId',
      ]);
      expect(res.body.message).toContain('future');
      const times = await log(entry({ duration: undefined, startTime: '10:00', endTime: '09:00' }));
      expect(fields(times.body)).toEqual(['endTime']);
    });

    it('keeps an apprentice’s entry pending, with no warnings when there are none', async () => {
      const own = await addEvidence(t, a.apprentice.token, a.apprenticeshipId, []);
      const res = await log(entry({ evidenceId: own.id, startTime: '09:00' })).expect(201);
      expect(res.body).toMatchObject({
        status: 'pending',
        duration: '1:30',
        hours: 1.5,
        onBehalf: false,
        criteria: ['K5', 'S3'],
        evidence: { id: own.id, reference: 'E1' },
        warnings: [],
      });
      const [created] = await trail(res.body.id);
      expect(created).toMatchObject({ action: 'otj.entry_created', before: null });
      expect(created.after).toMatchObject({
        duration: '1:30',
        status: 'pending',
        category: 'theory',
      });
    });

    it('warns, and keeps the entry: overlap, over 12 hours, late, ineligible', async () => {
      const date = day(-40);
      const first = await log(entry({ activityDate: date, startTime: '09:00', duration: '8:00' }));
      expect(first.status).toBe(201);
      expect(first.body.warnings.map((w: { code: string }) => w.code)).toEqual(['entered_late']);
      const second = await log(
        entry({ activityDate: date, startTime: '16:00', duration: '5:00', category: 'induction' }),
      ).expect(201);
      expect(second.body.warnings.map((w: { code: string }) => w.code).sort()).toEqual([
        'entered_late',
        'ineligible_category',
        'over_day_limit',
        'overlap',
      ]);
      const stored = await provider().get(`/api/otj/entries/${second.body.id}`).expect(200);
      expect(stored.body.warnings).toEqual(second.body.warnings);
      // A day has 24 hours: 13 logged, 11 more fit, 12 more are refused, naming what is there.
      const full = await log(entry({ activityDate: date, duration: '12:00' })).expect(422);
      expect(full.body.details).toEqual([
        expect.objectContaining({ field: 'duration', rule: 'within_a_day' }),
      ]);
      expect(full.body.details[0].message).toMatch(
        /would make 25 hours on .*, more than the 24 hours in a day \(13 hours already logged that day\)/,
      );
      const last = await log(entry({ activityDate: date, duration: '11:00' })).expect(201);
      // Full: not a minute more; a change counts the day without the entry itself.
      await log(entry({ activityDate: date, duration: '0:01' })).expect(422);
      await apprentice()
        .patch(`/api/otj/entries/${last.body.id}`)
        .send({ duration: '10:30' })
        .expect(200);
    });

    it('records provider staff adding an entry on the apprentice’s behalf', async () => {
      const res = await log(entry({ deliveredBy: 'subcontractor' }), provider()).expect(201);
      expect(res.body).toMatchObject({ onBehalf: true, author: { id: a.provider.id } });
      await log(entry(), employer()).expect(403);
      await log(entry(), as(t, b.provider.token)).expect(404);
    });

    it('adds an entry once however often a phone retries it (Idempotency-Key)', async () => {
      const send = () =>
        log(entry({ description: 'Retried on a bad connection' }))
          .set('Idempotency-Key', 'otj-retry-1')
          .expect(201);
      const first = await send();
      const again = await send();
      expect(again.body.id).toBe(first.body.id);
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM otj_entries WHERE description = 'Retried on a bad connection'`,
      );
      expect(n).toBe(1);
    });

    it('refuses a back-dated import without the flag and its reason', async () => {
      const url = `/api/apprenticeships/${a.apprenticeshipId}/otj/entries/import`;
      const entries = [entry({ activityDate: day(-5) }), entry({ activityDate: day(-90) })];
      let res = await apprentice().post(url).send({ entries }).expect(422);
      expect(fields(res.body)).toEqual(['entries.1.activityDate']);
      res = await apprentice().post(url).send({ entries, backdated: true }).expect(422);
      expect(fields(res.body)).toEqual(['reason']);
      res = await apprentice()
        .post(url)
        .send({ entries: [entry({ activityDate: day(-5), category: 'nope' })] })
        .expect(422);
      expect(fields(res.body)).toEqual(['entries.0.category']);
      res = await apprentice()
        .post(url)
        .send({ entries, backdated: true, reason: 'Moved from the paper log kept until October' })
        .expect(201);
      expect(res.body.map((e: { imported: boolean }) => e.imported)).toEqual([true, true]);
      const events = await trail(a.apprenticeshipId);
      expect(events.find((e) => e.action === 'otj.entries_imported')?.after).toMatchObject({
        count: 2,
        backdated: true,
        reason: 'Moved from the paper log kept until October',
      });
    });
  });

  describe('decisions', () => {
    it('are never the author’s, and the employer decides only employer-delivered training', async () => {
      const byTutor = await log(entry(), provider()).expect(201);
      let res = await provider()
        .post(`/api/otj/entries/${byTutor.body.id}/decision`)
        .send({ decision: 'approved' })
        .expect(403);
      expect(res.body.message).toContain('someone else');
      await apprentice()
        .post(`/api/otj/entries/${byTutor.body.id}/decision`)
        .send({ decision: 'approved' })
        .expect(403);
      await employer()
        .post(`/api/otj/entries/${byTutor.body.id}/decision`)
        .send({ decision: 'approved' })
        .expect(403);
      res = await tutor2()
        .post(`/api/otj/entries/${byTutor.body.id}/decision`)
        .send({ decision: 'approved' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'approved', decidedBy: { id: secondTutor.id } });

      const atWork = await log(entry({ deliveredBy: 'employer' })).expect(201);
      res = await employer()
        .post(`/api/otj/entries/${atWork.body.id}/decision`)
        .send({ decision: 'approved', reason: 'I ran the session' })
        .expect(200);
      expect(res.body.status).toBe('approved');
      await tutor2()
        .post(`/api/otj/entries/${atWork.body.id}/decision`)
        .send({ decision: 'rejected', reason: 'Twice' })
        .expect(409);
    });

    it('needs a reason to reject; the author corrects a rejected entry, which waits again', async () => {
      const created = await log(entry()).expect(201);
      const url = `/api/otj/entries/${created.body.id}`;
      const res = await provider()
        .post(`${url}/decision`)
        .send({ decision: 'rejected' })
        .expect(422);
      expect(fields(res.body)).toEqual(['reason']);
      await provider()
        .post(`${url}/decision`)
        .send({ decision: 'rejected', reason: 'This was a team meeting, not training' })
        .expect(200);
      await provider().patch(url).send({ duration: '1:00' }).expect(403);
      const changed = await apprentice()
        .patch(url)
        .send({ description: 'Pairing session on the feature pipeline', duration: '1:00' })
        .expect(200);
      expect(changed.body).toMatchObject({ status: 'pending', duration: '1:00', decidedBy: null });
      const events = await trail(created.body.id);
      expect(events.map((e) => e.action)).toEqual([
        'otj.entry_created',
        'otj.entry_decided',
        'otj.entry_updated',
      ]);
      expect(events[1].before).toMatchObject({ status: 'pending' });
      expect(events[1].after).toMatchObject({
        status: 'rejected',
        decisionReason: 'This was a team meeting, not training',
      });
      expect(events[2].before).toMatchObject({ status: 'rejected', duration: '1:30' });
      expect(events[2].after).toMatchObject({ status: 'pending', duration: '1:00' });
    });

    it('locks approved entries; a provider user reopens one to correct it', async () => {
      const created = await log(entry()).expect(201);
      const url = `/api/otj/entries/${created.body.id}`;
      await provider().post(`${url}/decision`).send({ decision: 'approved' }).expect(200);
      await apprentice().patch(url).send({ duration: '2:00' }).expect(409);
      await apprentice().delete(url).expect(409);
      await apprentice().post(`${url}/reopen`).send({ reason: 'Wrong day entered' }).expect(403);
      const short = await provider().post(`${url}/reopen`).send({ reason: 'no' }).expect(422);
      expect(fields(short.body)).toEqual(['reason']);
      const reopened = await provider()
        .post(`${url}/reopen`)
        .send({ reason: 'The apprentice entered the wrong day' })
        .expect(200);
      expect(reopened.body.status).toBe('pending');
      await apprentice().delete(url).expect(204);
      await provider().get(url).expect(404);
      const events = await trail(created.body.id);
      expect(events.map((e) => e.action)).toEqual([
        'otj.entry_created',
        'otj.entry_decided',
        'otj.entry_reopened',
        'otj.entry_deleted',
      ]);
      expect(events[2].after).toMatchObject({
        reopenReason: 'The apprentice entered the wrong day',
      });
      expect(events[3].after).toBeNull();
      expect(events[3].before).toMatchObject({ status: 'pending', duration: '1:30' });
    });

    it('lists what waits for each decider: never their own, employers only theirs', async () => {
      const queue = async (who: ReturnType<typeof as>) =>
        (await who.get('/api/otj/queue?limit=200').expect(200)).body.items as {
          author: { id: string };
          deliveredBy: string;
          apprentice: { id: string };
        }[];
      const forTutor = await queue(provider());
      expect(forTutor.length).toBeGreaterThan(0);
      expect(forTutor.every((e) => e.author.id !== a.provider.id)).toBe(true);
      await log(entry({ deliveredBy: 'employer' })).expect(201);
      const forEmployer = await queue(employer());
      expect(forEmployer.length).toBeGreaterThan(0);
      expect(forEmployer.every((e) => e.deliveredBy === 'employer')).toBe(true);
      expect(await queue(as(t, b.provider.token))).toEqual([]);
      await apprentice().get('/api/otj/queue').expect(403);
    });
  });

  it('hides another tenant’s log: 404', async () => {
    const created = await log(entry()).expect(201);
    const other = as(t, b.provider.token);
    await other.get(`/api/otj/entries/${created.body.id}`).expect(404);
    await other
      .post(`/api/otj/entries/${created.body.id}/decision`)
      .send({ decision: 'approved' })
      .expect(404);
    await other.get(`/api/apprenticeships/${a.apprenticeshipId}/otj`).expect(404);
    await other.get(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries`).expect(404);
    await as(t, b.apprentice.token)
      .patch(`/api/otj/entries/${created.body.id}`)
      .send({})
      .expect(404);
  });

  it('reports progress: approved and pending hours that count, expected to date, behind', async () => {
    const res = await provider().get(`/api/apprenticeships/${a.apprenticeshipId}/otj`).expect(200);
    const rows = await t.dataSource.query<{ status: string; eligible: boolean; minutes: number }[]>(
      `SELECT e.status, c.eligible, sum(e.duration_minutes)::int AS minutes FROM otj_entries e
       JOIN otj_categories c ON c.id = e.category_id WHERE e.apprenticeship_id = $1
       GROUP BY 1, 2`,
      [a.apprenticeshipId],
    );
    const sum = (status: string, eligible: boolean) =>
      rows
        .filter((r) => r.status === status && r.eligible === eligible)
        .reduce((n, r) => n + r.minutes, 0) / 60;
    const p = res.body.progress;
    expect(p.approvedHours).toBeCloseTo(sum('approved', true), 2);
    expect(p.pendingHours).toBeCloseTo(sum('pending', true), 2);
    expect(p.ineligibleHours).toBeCloseTo(sum('pending', false) + sum('approved', false), 2);
    expect(p.approvedHours).toBeGreaterThan(0);
    expect(p.expectedHours).toBeCloseTo(420 * p.elapsedShare, 0);
    expect(p.behindTarget).toBe(true);
  });

  it('gives the log as CSV and the learner-record hours per apprenticeship', async () => {
    const csv = await provider()
      .get(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries?format=csv`)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Date,Start,Duration,Hours,Category,Counts,Delivered by/);
    const total = (await provider().get(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries`))
      .body.total;
    expect(lines.length - 1).toBe(total);

    const record = await provider().get('/api/otj/learner-record').expect(200);
    const row = record.body.find(
      (r: { apprenticeshipId: string }) => r.apprenticeshipId === a.apprenticeshipId,
    );
    const progress = (await provider().get(`/api/apprenticeships/${a.apprenticeshipId}/otj`)).body
      .progress;
    expect(row).toMatchObject({
      plannedHours: 420,
      rplHours: 20,
      actualHours: Math.round(progress.approvedHours),
    });
    expect(
      record.body.some(
        (r: { apprenticeshipId: string }) => r.apprenticeshipId === b.apprenticeshipId,
      ),
    ).toBe(false);
    const hrs = await provider().get('/api/otj/learner-record?format=csv').expect(200);
    expect(hrs.text).toContain('ULN,Apprentice,HRS1,HRS3,HRS4');
    await apprentice().get('/api/otj/learner-record').expect(403);
  });

  it('shows OTJ beside coverage in the provider overview', async () => {
    const res = await provider().get('/api/coverage/overview').expect(200);
    const item = res.body.items.find(
      (i: { apprenticeshipId: string }) => i.apprenticeshipId === a.apprenticeshipId,
    );
    expect(item.otj).toMatchObject({ plannedHours: 420, behindTarget: true });
    expect(item.percentEvidenced).toBeDefined();
  });

  it('checks OTJ at gateway, needs the override below target, then freezes the hours', async () => {
    const id = a.apprenticeshipId;
    const pending = await log(entry()).expect(201);
    for (const who of [apprentice(), employer(), provider()]) {
      await who.post(`/api/apprenticeships/${id}/gateway/declarations`).expect(200);
    }
    const state = await provider().get(`/api/apprenticeships/${id}/gateway`).expect(200);
    expect(state.body.otj).toMatchObject({ targetHours: 420, basis: 'planned', met: false });
    const refused = await provider()
      .post(`/api/apprenticeships/${id}/gateway`)
      .send({})
      .expect(422);
    expect(fields(refused.body)).toContain('otj');
    const approved = state.body.otj.approvedHours as number;
    const snapshot = await provider()
      .post(`/api/apprenticeships/${id}/gateway`)
      .send({ overrideReason: 'Hours short: agreed with the employer and the EPAO in writing' })
      .expect(201);
    const [frozen] = await t.dataSource.query<{ content: { otj: { approvedHours: number } } }[]>(
      'SELECT content FROM portfolio_snapshots WHERE id = $1',
      [snapshot.body.id],
    );
    expect(frozen.content.otj).toMatchObject({ approvedHours: approved, plannedHours: 420 });
    const pdf = await provider()
      .get(`/api/snapshots/${snapshot.body.id}/portfolio.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const text = (await readPdf(pdf.body as Buffer)).pageTexts().join('\n');
    expect(text).toContain('Off-the-job training');
    expect(text).toContain(`${approved} hours`);
    // No minimum published: the rules year's floor applies, as the pages say.
    expect(text.replace(/\s+/g, ' ')).toMatch(
      /Minimum hours \d+ hours, the floor of the \d{4}\/\d{2} rules \(this standard version publishes no minimum of its own\)/,
    );
    await log(entry()).expect(409);
    await provider()
      .post(`/api/otj/entries/${pending.body.id}/decision`)
      .send({ decision: 'approved' })
      .expect(409);
    await apprentice()
      .patch(`/api/otj/entries/${pending.body.id}`)
      .send({ duration: '2:00' })
      .expect(409);
  });
});
