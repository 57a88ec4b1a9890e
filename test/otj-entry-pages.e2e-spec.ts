/**
 * The off-the-job pages' wording and the author's own entries: the minimum the progress block
 * states, the planned-hours page's errors as sentences, codes quoted as typed, each approval
 * button naming its entry, and changing or deleting an entry that is not approved.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { dateFields } from '../src/web/forms.js';
import { ADMIN, as, createTenant, login, Person, Tenant } from './support/factories.js';
import { errorSummaryTargets } from './support/page-html.js';
import { createTestApp, TestApp } from './support/test-app.js';

const CSRF = 'csrf-token-for-the-otj-entry-forms';
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The add (or change) form as the browser posts it. */
const entryForm = (iso: string, fields: Record<string, string>) =>
  new URLSearchParams({
    ...(dateFields('activityDate', iso) as Record<string, string>),
    minutes: '0',
    category: 'theory',
    deliveredBy: 'provider',
    description: 'Reading group',
    ...fields,
  }).toString();

/** The progress block's row `key`, its value as text. */
const row = (html: string, key: string) => {
  const at = html.indexOf(`${key}\n`, html.indexOf('ksb-otj-summary'));
  if (at < 0) return null;
  const value = /govuk-summary-list__value">([\s\S]*?)<\/dd>/.exec(html.slice(at))![1];
  return value.replace(/\s+/g, ' ').trim();
};

describe('The off-the-job pages', () => {
  let t: TestApp;
  let a: Tenant;
  const page = (person: Person, url: string) =>
    request(t.http).get(url).set('Cookie', `ksb_session=${person.token}`);
  const post = (person: Person, url: string, body = '') =>
    request(t.http)
      .post(url)
      .set('Cookie', `ksb_session=${person.token}; ksb_csrf=${CSRF}`)
      .type('form')
      .send(`${body}&_csrf=${CSRF}`);
  const log = () => `/portfolio/${a.apprenticeshipId}/otj`;
  const entries = async () =>
    (await as(t, a.apprentice.token).get(`/api/apprenticeships/${a.apprenticeshipId}/otj/entries`))
      .body.items as {
      id: string;
      description: string;
      status: string;
      duration: string;
      startTime: string | null;
    }[];

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, await login(t, ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('states the minimum that applies, and prior learning only when there is some', async () => {
    const { progress } = (
      await as(t, a.provider.token).get(`/api/apprenticeships/${a.apprenticeshipId}/otj`)
    ).body;
    expect(progress.publishedMinimumHours).toBeNull();
    const floor = `${progress.floorHours} hours, the floor of the ${progress.ruleYear} rules`;
    for (const url of [log(), `/portfolio/${a.apprenticeshipId}`]) {
      const html = (await page(a.provider, url).expect(200)).text;
      expect(row(html, 'Minimum')).toContain(floor);
      expect(html).not.toContain('Not published for this standard version');
      expect(html).not.toContain('Prior learning');
      expect(html).not.toContain('hours off');
    }
    await post(a.provider, `${log()}/plan`, 'plannedHours=400&rplHours=20').expect(303);
    const html = (await page(a.apprentice, log()).expect(200)).text;
    expect(row(html, 'Reduced for prior learning')).toBe('20 hours');
    expect(row(html, 'Minimum')).toContain(floor);
    // The plan page says the same floor.
    const plan = (await page(a.provider, `${log()}/plan`).expect(200)).text;
    expect(plan).toContain(`Never below ${progress.floorHours} hours (${progress.ruleYear} rules)`);
  });

  it('says in full sentences what the planned hours need', async () => {
    const { progress } = (
      await as(t, a.provider.token).get(`/api/apprenticeships/${a.apprenticeshipId}/otj`)
    ).body;
    const low = await post(a.provider, `${log()}/plan`, 'plannedHours=100&reason=');
    expect(low.status).toBe(422);
    expect(low.text).toContain(
      `Enter at least ${progress.floorHours} planned hours: the ${progress.ruleYear} rules never allow fewer`,
    );
    expect(low.text).toContain(
      'Say what error the new planned hours correct, in at least 10 characters: hours already set change only to correct an error',
    );
    expect(errorSummaryTargets(low.text)).toEqual(['plannedHours', 'reason']);
    expect(low.text).not.toMatch(/Is below|Is required/);
  });

  it('quotes codes the standard does not have as they were typed', async () => {
    const res = await post(
      a.apprentice,
      `${log()}/add`,
      entryForm(day(-1), { hours: '1', criteria: 'K99, banana' }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain(
      '“K99” and “banana” are not codes of this standard: enter codes such as K5 or S3',
    );
    expect(res.text).not.toContain('BANANA');
  });

  it('names the entry in both the Approve and the Reject button', async () => {
    await post(a.apprentice, `${log()}/add`, entryForm(day(-2), { hours: '2' })).expect(303);
    const queue = (await page(a.provider, '/otj-approvals').expect(200)).text;
    const named = (verb: string) =>
      new RegExp(
        `${verb}<span class="govuk-visually-hidden"> Test apprentice’s 2 hours on \\d+ \\w+ \\d{4}</span>`,
      );
    expect(queue).toMatch(named('Approve'));
    expect(queue).toMatch(named('Reject'));
  });

  it('lets the author change or delete an entry until it is approved', async () => {
    await post(a.apprentice, `${log()}/add`, entryForm(day(-3), { hours: '1' })).expect(303);
    const [first, second] = (await entries()).filter((e) => e.description === 'Reading group');
    // The newest (day -2) is rejected, the other (day -3) waits: both offer Change and Delete.
    await post(
      a.provider,
      `/otj-approvals/${first.id}`,
      'decision=rejected&reason=Not+training',
    ).expect(303);
    const mine = (await page(a.apprentice, log()).expect(200)).text;
    for (const e of [first, second]) {
      expect(mine).toContain(`href="/otj-entry/${e.id}/change"`);
      expect(mine).toContain(`href="/otj-entry/${e.id}/delete"`);
    }
    // Not for the tutor, who did not log them.
    const tutors = (await page(a.provider, log()).expect(200)).text;
    expect(tutors).not.toContain(`/otj-entry/${first.id}/change`);
    await page(a.provider, `/otj-entry/${first.id}/change`).expect(403);

    // The form comes filled in; a problem is named as on the add page; the change is saved.
    const form = (await page(a.apprentice, `/otj-entry/${first.id}/change`).expect(200)).text;
    expect(form).toContain('Change off-the-job training');
    expect(form).toContain(`action="/otj-entry/${first.id}/change"`);
    expect(form).toMatch(/name="hours"[^>]*value="2"|value="2"[^>]*name="hours"/);
    expect(form).toContain('Reading group</textarea>');
    const bad = await post(
      a.apprentice,
      `/otj-entry/${first.id}/change`,
      entryForm(day(-2), { hours: '', description: '' }),
    );
    expect(bad.status).toBe(422);
    expect(errorSummaryTargets(bad.text)).toEqual(['duration', 'description']);
    const saved = await post(
      a.apprentice,
      `/otj-entry/${first.id}/change`,
      entryForm(day(-2), { hours: '3', minutes: '30', description: 'Reading group, written up' }),
    );
    expect([saved.status, saved.headers.location]).toEqual([303, `${log()}?changed=${first.id}`]);
    const changed = (await entries()).find((e) => e.id === first.id)!;
    expect(changed).toMatchObject({ status: 'pending', duration: '3:30' });
    const banner = (await page(a.apprentice, saved.headers.location)).text;
    expect(banner).toContain('Entry changed: 3 hours 30 minutes on');

    // Deleting asks first, then takes it out of the log.
    const ask = (await page(a.apprentice, `/otj-entry/${second.id}/delete`).expect(200)).text;
    expect(ask).toContain('Delete this entry?');
    const gone = await post(a.apprentice, `/otj-entry/${second.id}/delete`);
    expect([gone.status, gone.headers.location]).toEqual([303, `${log()}?deleted=1`]);
    expect((await entries()).map((e) => e.id)).not.toContain(second.id);
    expect((await page(a.apprentice, `${log()}?deleted=1`)).text).toContain('Entry deleted');

    // Once approved, it stays as it is: no links, and the addresses say why.
    await post(a.provider, `/otj-approvals/${first.id}`, 'decision=approved').expect(303);
    const after = (await page(a.apprentice, log()).expect(200)).text;
    expect(after).not.toContain(`/otj-entry/${first.id}/change`);
    const locked = await page(a.apprentice, `/otj-entry/${first.id}/change`);
    expect(locked.status).toBe(409);
    expect(locked.text).toContain('This entry has been approved');
    await post(a.apprentice, `/otj-entry/${first.id}/delete`).expect(409);
    expect((await entries()).find((e) => e.id === first.id)?.status).toBe('approved');
  });

  it('takes a start time away when the author empties it, on the page and through the API', async () => {
    const fields = { hours: '1', description: 'Pairing on the feature store', startTime: '09:00' };
    await post(a.apprentice, `${log()}/add`, entryForm(day(-5), fields)).expect(303);
    const logged = (await entries()).find((e) => e.description === fields.description)!;
    expect(logged.startTime).toBe('09:00');
    // Its change form shows the start time: the optional part is open when it holds something.
    const change = (await page(a.apprentice, `/otj-entry/${logged.id}/change`).expect(200)).text;
    expect(change).toMatch(/<details class="govuk-details"[^>]* open/);
    // The tutor's view of the log says whose it is.
    const tutors = (await page(a.provider, log()).expect(200)).text;
    expect(tutors).toMatch(/govuk-caption-l">Test apprentice · ST1398/);
    const emptied = { ...fields, startTime: '' };
    await post(a.apprentice, `/otj-entry/${logged.id}/change`, entryForm(day(-5), emptied)).expect(
      303,
    );
    expect((await entries()).find((e) => e.id === logged.id)).toMatchObject({
      startTime: null,
      duration: '1:00',
    });

    const api = as(t, a.apprentice.token);
    const url = `/api/otj/entries/${logged.id}`;
    await api.patch(url).send({ startTime: '10:15' }).expect(200);
    const bad = await api.patch(url).send({ startTime: '10am' }).expect(422);
    expect(JSON.stringify(bad.body)).toContain('startTime');
    const left = await api.patch(url).send({ description: 'Pairing, written up' }).expect(200);
    expect(left.body.startTime).toBe('10:15');
    const cleared = await api.patch(url).send({ startTime: null }).expect(200);
    expect(cleared.body).toMatchObject({ startTime: null, description: 'Pairing, written up' });
  });
});
