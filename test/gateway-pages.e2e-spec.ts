/**
 * The gateway check and the declarations page say what they count and what each person can do:
 * gateway's count against the portfolio's (duties, and tags accepted on evidence sent back for
 * changes), the off-the-job hours in rows with only what applies to the reader, no freeze form
 * while declarations are unsigned, and where the apprentice stands before a declaration that
 * cannot be withdrawn is signed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import {
  addEvidence,
  createCohort,
  enrol,
  importStandard,
  isoDay,
  submitAndReview,
} from './support/evidence-factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CSRF = 'csrf-token-for-the-gateway-pages';

/** The page as `person` sees it, signed in by the session cookie. */
const html = async (t: TestApp, person: Person, url: string) =>
  (await request(t.http).get(url).set('Cookie', `ksb_session=${person.token}`).expect(200)).text;

/** The words of a page, tags left out and spaces collapsed, as a reader takes them. */
const words = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,)])/g, '$1')
    .replace(/\( /g, '(');

const sign = (t: TestApp, person: Person, id: string) =>
  request(t.http)
    .post(`/portfolio/${id}/declarations`)
    .set('Cookie', `ksb_session=${person.token}; ksb_csrf=${CSRF}`)
    .type('form')
    .send({ _csrf: CSRF })
    .expect(303);

/** The codes in the grid of required criteria not evidenced yet. */
const notYet = (page: string) => {
  const start = page.indexOf('aria-label="Required criteria not evidenced yet"');
  if (start < 0) return [];
  const list = page.slice(start, page.indexOf('</ul>', start));
  return [...list.matchAll(/<li[^>]*>([^<]+)<\/li>/g)].map((m) => m[1].trim());
};

const freezeForm = (id: string) => `<form method="post" action="/portfolio/${id}/gateway-check"`;

describe('the gateway check and declarations pages', () => {
  let t: TestApp;
  let admin: string;
  let a: Tenant;
  let id: string;
  let people: Record<'tutor' | 'employer' | 'apprentice', Person>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, admin);
    id = a.apprenticeshipId;
    people = { tutor: a.provider, employer: a.employer, apprentice: a.apprentice };
    const [ap, tutor] = [a.apprentice.token, a.provider.token];
    // E1 accepted with K1 and S1; E2's S2 and B1 accepted, then E2 sent back for changes; E3's
    // duty D1 accepted with E3.
    const e1 = await addEvidence(t, ap, id, ['K1', 'S1'], { title: 'Churn model' });
    await submitAndReview(t, ap, tutor, e1.id, { K1: 'accepted', S1: 'accepted' }, 'accepted');
    const e2 = await addEvidence(t, ap, id, ['S2', 'B1'], { title: 'Data pipeline' });
    await submitAndReview(
      t,
      ap,
      tutor,
      e2.id,
      { S2: 'accepted', B1: 'accepted' },
      'changes_requested',
    );
    const e3 = await addEvidence(t, ap, id, ['D1'], { title: 'Stakeholder brief' });
    await submitAndReview(t, ap, tutor, e3.id, { D1: 'accepted' }, 'accepted');
    for (const duration of ['1:30', '1:30']) {
      await as(t, ap)
        .post(`/api/apprenticeships/${id}/otj/entries`)
        .send({
          activityDate: isoDay(-2),
          duration,
          description: 'Feature-store workshop',
          category: 'theory',
          deliveredBy: 'provider',
        })
        .expect(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('explains gateway’s count beside the portfolio’s, listing criteria held back apart', async () => {
    const coverage = await as(t, a.provider.token).get(`/api/apprenticeships/${id}/coverage`);
    // The portfolio counts every criterion, duties and tags on evidence sent back included.
    expect(coverage.body.overall.all).toMatchObject({ evidenced: 5, total: 79 });

    for (const person of Object.values(people)) {
      const page = await html(t, person, `/portfolio/${id}/gateway-check`);
      const text = words(page);
      expect(text).toContain('2 of 70 required criteria are evidenced by accepted evidence.');
      expect(text).toContain(
        'Gateway needs every knowledge, skill and behaviour of the standard to be evidenced: 70 criteria. The 9 duties are not needed at gateway, so they are not counted here. The portfolio page counts all 79 criteria, duties included',
      );
      expect(text).toContain('Accepted on evidence sent back for changes');
      expect(text).toContain(
        'S2, B1 (E2 Data pipeline). They count at gateway once E2 is accepted.',
      );
      expect(text).toContain('Not evidenced yet: 66');
      const missing = notYet(page);
      expect(missing).toHaveLength(66);
      for (const code of ['K1', 'S1', 'S2', 'B1', 'D1']) expect(missing).not.toContain(code);
    }
  });

  it('sets the off-the-job hours out in rows and tells each person only what applies to them', async () => {
    const seen: Record<string, string> = {};
    for (const [role, person] of Object.entries(people)) {
      const text = words(await html(t, person, `/portfolio/${id}/gateway-check`));
      seen[role] = text.slice(text.indexOf('Off-the-job training'), text.indexOf('Declarations'));
      expect(text).not.toContain('Freezing needs the reason below');
    }
    for (const text of Object.values(seen)) {
      expect(text).toContain('Approved 0 hours');
      expect(text).toContain('Waiting for approval 3 hours, which count once approved');
      expect(text).toContain('Needed at gateway 187 hours, the 187-hour floor');
      expect(text).toContain('Enough for gateway Not yet');
    }
    // No freeze form yet (declarations unsigned), so no "below" for the tutor either.
    expect(seen.tutor).toContain(
      'To freeze the portfolio while the hours are short, you need to give the reason.',
    );
    expect(seen.apprentice).toContain(
      'Keep logging your off-the-job training. Each entry counts once someone other than you approves it.',
    );
    expect(seen.employer).toContain(
      'You can approve the entries your organisation delivered. The training provider approves the rest.',
    );
    for (const role of ['apprentice', 'employer']) expect(seen[role]).not.toContain('reason');
    expect(seen.tutor).not.toContain('Keep logging');
  });

  it('warns before a declaration is signed too early, role by role, and still lets it be signed', async () => {
    const url = `/portfolio/${id}/declarations`;
    const gaps =
      'not ready for gateway yet: 68 of the 70 required criteria are not evidenced by accepted evidence and none of the 187 off-the-job hours needed are approved yet.';
    const expected = {
      employer: [
        'Where Test apprentice stands',
        `Test apprentice is ${gaps} This declaration says that in your opinion the apprentice is ready for end-point assessment, and it cannot be withdrawn. Sign it when they are ready.`,
        'Sign the employer declaration',
      ],
      tutor: [
        'Where Test apprentice stands',
        `Test apprentice is ${gaps} This declaration says that the apprentice has met the gateway requirements, and it cannot be withdrawn. Sign it when they have.`,
        'Sign the training provider declaration',
      ],
      apprentice: [
        'Where you stand',
        `You are ${gaps} Your declaration is about the portfolio that goes to end-point assessment, and it cannot be withdrawn. Sign it when your portfolio is ready.`,
        'Sign the apprentice declaration',
      ],
    };
    for (const [role, [heading, warning, button]] of Object.entries(expected)) {
      const page = await html(t, people[role as keyof typeof people], url);
      const text = words(page);
      expect(text).toContain(heading);
      expect(text).toContain('Required criteria evidenced 2 of 70, by accepted evidence');
      expect(text).toContain('Off-the-job hours approved 0 of the 187 hours needed');
      expect(text).toContain('Planned gateway date 6 January 2027');
      expect(page).toContain('class="govuk-warning-text"');
      expect(text).toContain(warning);
      // Where they stand and the warning come before the button, in the form that signs.
      const [at, warned, pressed] = [heading, warning, button].map((s) => text.indexOf(s));
      expect(at).toBeLessThan(warned);
      expect(warned).toBeLessThan(pressed);
    }
    await sign(t, a.employer, id);
    const after = await html(t, a.employer, url);
    expect(after).not.toContain('govuk-warning-text');
    expect(words(after)).toMatch(/Employer declaration .*Signed by Test employer/);
  });

  it('offers the freeze only once every declaration is signed, and says which are missing first', async () => {
    const b = await createTenant(t, admin);
    const check = `/portfolio/${b.apprenticeshipId}/gateway-check`;
    const still = (list: string) => `Still to sign: ${list}.`;
    let tutor = await html(t, b.provider, check);
    expect(tutor).not.toContain(freezeForm(b.apprenticeshipId));
    expect(tutor).not.toContain('name="overrideReason"');
    expect(words(tutor)).toContain(
      `You can freeze the portfolio once every declaration is signed. ${still('the apprentice declaration, the employer declaration and the training provider declaration')}`,
    );
    // Said up front, before the criteria.
    expect(words(tutor).indexOf('Still to sign')).toBeLessThan(
      words(tutor).indexOf('Required criteria'),
    );
    for (const person of [b.apprentice, b.employer]) {
      const text = words(await html(t, person, check));
      expect(text).toContain(
        `The training provider can freeze the portfolio only once every declaration is signed. ${still('the apprentice declaration, the employer declaration and the training provider declaration')}`,
      );
      expect(text).not.toContain('You can freeze');
    }

    await sign(t, b.apprentice, b.apprenticeshipId);
    await sign(t, b.employer, b.apprenticeshipId);
    tutor = await html(t, b.provider, check);
    expect(tutor).not.toContain(freezeForm(b.apprenticeshipId));
    expect(words(tutor)).toContain(still('the training provider declaration'));

    await sign(t, b.provider, b.apprenticeshipId);
    tutor = await html(t, b.provider, check);
    expect(tutor).toContain(freezeForm(b.apprenticeshipId));
    expect(tutor).toContain('name="overrideReason"');
    expect(words(tutor)).not.toContain('Still to sign');
    expect(words(tutor)).toContain(
      'To freeze the portfolio while the hours are short, you need to give the reason in the form below.',
    );
  });

  it('shows no warning when the apprentice meets the check, and counts a single duty in words', async () => {
    await importStandard(t, admin, {
      code: 'ST9401',
      criteria: [
        { kind: 'knowledge', code: 'K1', text: 'Knows how to test a service end to end.' },
        { kind: 'skill', code: 'S1', text: 'Writes tests that fail without the fix.' },
        { kind: 'behaviour', code: 'B1', text: 'Takes ownership of the quality of work.' },
        { kind: 'duty', code: 'D1', text: 'Keeps the service working for its users.' },
      ],
    });
    const cohortId = await createCohort(t, a, { name: 'Ready cohort', standardCode: 'ST9401' });
    const ready = await enrol(t, a, { name: 'Ready apprentice', cohortId });
    const rid = ready.apprenticeshipId;
    const e = await addEvidence(t, ready.apprentice.token, rid, ['K1', 'S1', 'B1']);
    const all = { K1: 'accepted', S1: 'accepted', B1: 'accepted' } as const;
    await submitAndReview(t, ready.apprentice.token, a.provider.token, e.id, all, 'accepted');
    // 192 hours over 24 past days, approved by the tutor: above the 187-hour floor.
    const imported = await as(t, ready.apprentice.token)
      .post(`/api/apprenticeships/${rid}/otj/entries/import`)
      .send({
        backdated: true,
        reason: 'Moved from the paper log kept until now',
        entries: Array.from({ length: 24 }, (_, i) => ({
          activityDate: isoDay(-(i + 1)),
          duration: '8:00',
          description: `Training day ${i + 1}`,
          category: 'theory',
          deliveredBy: 'provider',
        })),
      })
      .expect(201);
    for (const entry of imported.body as { id: string }[]) {
      await as(t, a.provider.token)
        .post(`/api/otj/entries/${entry.id}/decision`)
        .send({ decision: 'approved' })
        .expect(200);
    }

    const page = await html(t, a.employer, `/portfolio/${rid}/declarations`);
    const text = words(page);
    expect(text).toContain('Where Ready apprentice stands');
    expect(text).toContain('Required criteria evidenced 3 of 3, by accepted evidence');
    expect(text).toContain('Off-the-job hours approved 192 of the 187 hours needed');
    expect(page).not.toContain('govuk-warning-text');
    expect(text).toContain('Sign the employer declaration');

    const check = words(await html(t, a.provider, `/portfolio/${rid}/gateway-check`));
    expect(check).toContain('3 of 3 required criteria are evidenced by accepted evidence.');
    expect(check).toContain(
      'The standard’s duty is not needed at gateway, so it is not counted here. The portfolio page counts all 4 criteria',
    );
    expect(check).toContain('Every required criterion is evidenced.');
    expect(check).toContain('Enough for gateway Yes');
    expect(check).not.toContain('hours are short');
  });
});
