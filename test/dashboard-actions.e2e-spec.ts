/**
 * The portfolio's dashboard lists the actions agreed at progress reviews that are the signed-in
 * person's side's to do: those of the latest review, and the earlier review's it did not find
 * done, each with its due date in words, "Overdue" when past it, and a link to its review.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { createTestApp, TestApp } from './support/test-app.js';

type Body = Record<string, unknown>;

/** The dashboard's section of review actions, up to the next heading ('' when it has none). */
const actionsSection = (html: string): string => {
  const start = html.indexOf('id="review-actions"');
  if (start < 0) return '';
  const end = html.indexOf('<h2', start);
  return html.slice(start, end < 0 ? undefined : end).replace(/\s+/g, ' ');
};

describe('Review actions on the portfolio dashboard', () => {
  let t: TestApp;
  let a: Tenant;
  let other: Tenant;
  const ids: string[] = [];
  const dashboard = (person: Person, id = a.apprenticeshipId) =>
    request(t.http).get(`/portfolio/${id}`).set('Cookie', `ksb_session=${person.token}`);
  const record = (body: Body) =>
    as(t, a.provider.token)
      .post(`/api/apprenticeships/${a.apprenticeshipId}/progress-reviews`)
      .send({ trainingPlanProgress: 'On plan', epaReadiness: 'Not yet', ...body });

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t, ADMIN.email, ADMIN.password);
    a = await createTenant(t, admin, { apprenticeName: 'Zoë Actions' });
    other = await createTenant(t, admin);

    const first = await record({
      meetingDate: '2025-01-31',
      actions: [
        { description: 'Write up the data pipeline', owner: 'apprentice', dueDate: '2025-03-31' },
        { description: 'Book a shadowing day', owner: 'employer', dueDate: '2025-04-15' },
        { description: 'Finish the SQL module', owner: 'apprentice', dueDate: '2025-04-01' },
      ],
    }).expect(201);
    ids.push(first.body.id);
    const carried = first.body.actions as { id: string; description: string }[];
    const second = await record({
      meetingDate: '2025-11-30',
      // The pipeline was not done; the shadowing day and the SQL module were.
      previousActions: carried.map((x) => ({
        id: x.id,
        status: x.description === 'Write up the data pipeline' ? 'not_done' : 'done',
      })),
      actions: [
        {
          description: 'Submit the fairness review as evidence and tag it',
          owner: 'apprentice',
          dueDate: '2099-12-28',
        },
        {
          description: 'Arrange a sponsor for the EPA project',
          owner: 'employer',
          dueDate: '2025-12-18',
        },
        { description: 'Plan the EPA mock', owner: 'provider', dueDate: '2099-01-18' },
      ],
    }).expect(201);
    ids.push(second.body.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the apprentice hers, soonest first, overdue in words, and not the employer’s', async () => {
    const res = await dashboard(a.apprentice).expect(200);
    const section = actionsSection(res.text);
    expect(section).toContain('Your actions from progress reviews');
    expect(section).toContain(
      `These come from the latest review, <a class="govuk-link" href="/progress-review/${ids[1]}">progress review 2</a>, the meeting on 30 November 2025, which not everyone has signed yet.`,
    );
    // Carried from review 1 and not done at review 2: still open, past its date.
    const pipeline = section.indexOf('Write up the data pipeline');
    const fairness = section.indexOf('Submit the fairness review as evidence and tag it');
    expect(pipeline).toBeGreaterThan(0);
    expect(fairness).toBeGreaterThan(pipeline);
    expect(section).toMatch(/Overdue\s*<\/strong> It was due on 31 March 2025\./);
    expect(section).toContain(
      `Agreed at <a class="govuk-link" href="/progress-review/${ids[0]}">progress review 1</a>; progress review 2 found it not done.`,
    );
    expect(section).toContain(
      `Due by 28 December 2099. Agreed at <a class="govuk-link" href="/progress-review/${ids[1]}">progress review 2</a>.`,
    );
    // Done at review 2: no longer open. The employer's and the provider's are not hers.
    expect(section).not.toContain('Finish the SQL module');
    expect(section).not.toContain('Book a shadowing day');
    expect(section).not.toContain('Arrange a sponsor');
    expect(section).not.toContain('Plan the EPA mock');
    // What to do first comes before the rest of the page.
    expect(res.text.indexOf('id="review-actions"')).toBeLessThan(
      res.text.indexOf('Off-the-job training'),
    );
  });

  it('shows the employer theirs, and the tutor the training provider’s', async () => {
    const employer = actionsSection((await dashboard(a.employer).expect(200)).text);
    expect(employer).toContain('Your actions from progress reviews');
    expect(employer).toContain('Arrange a sponsor for the EPA project');
    expect(employer).toMatch(/Overdue\s*<\/strong> It was due on 18 December 2025\./);
    expect(employer).not.toContain('Book a shadowing day'); // done at review 2
    expect(employer).not.toContain('Submit the fairness review');
    expect(employer).not.toContain('Write up the data pipeline');

    const tutor = actionsSection((await dashboard(a.provider).expect(200)).text);
    expect(tutor).toContain('Actions for the training provider from progress reviews');
    expect(tutor).toContain('Plan the EPA mock');
    expect(tutor).toContain('Due by 18 January 2099.');
    expect(tutor).not.toContain('Overdue');
    expect(tutor).not.toContain('Arrange a sponsor');
  });

  it('says when the latest review left nothing for this person, and shows none before any review', async () => {
    const none = await dashboard(other.employer, other.apprenticeshipId).expect(200);
    expect(actionsSection(none.text)).toBe('');
    await as(t, other.provider.token)
      .post(`/api/apprenticeships/${other.apprenticeshipId}/progress-reviews`)
      .send({
        meetingDate: '2025-02-03',
        actions: [{ description: 'Log the hours', owner: 'apprentice', dueDate: '2025-03-03' }],
      })
      .expect(201);
    const nothing = actionsSection(
      (await dashboard(other.employer, other.apprenticeshipId).expect(200)).text,
    );
    expect(nothing).toContain('left no actions for you.');
    expect(nothing).not.toContain('Log the hours');
  });

  it('keeps another provider’s apprentice’s page a 404', async () => {
    await dashboard(other.provider).expect(404);
    await dashboard(other.apprentice).expect(404);
    await dashboard(a.employer, other.apprenticeshipId).expect(404);
  });
});
