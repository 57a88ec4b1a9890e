/**
 * Several instances behind a load balancer: two processes of the built service, started at the
 * same moment on one empty PostgreSQL database and one S3 server (s3rver on 127.0.0.1), share one
 * schema, one set of files, one sign-in budget and one request budget. A scenario hops between
 * them at every step, as a load balancer would send it.
 *
 * Needs DATABASE_URL: the embedded database lives inside one process and cannot be shared by two,
 * so without a server this suite is skipped (CI runs the e2e suite on real PostgreSQL too).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { MIGRATIONS } from '../migrations/index.js';
import {
  ADMIN,
  as,
  createAssessor,
  createTenant,
  login,
  Person,
  Tenant,
  binary,
} from './support/factories.js';
import { RunningS3Server, S3RVER_CREDENTIALS, startS3Server } from './support/s3-server.js';
import { png } from './support/sample-files.js';
import { ServiceProcess, startService } from './support/service-process.js';
import type { TestApp } from './support/test-app.js';

const DATABASE_URL = process.env.DATABASE_URL;
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** The factories speak supertest to `t.http`; a URL serves as well as a server. */
const remote = (service: ServiceProcess) => ({ http: service.url }) as unknown as TestApp;
const REQUESTS_PER_MINUTE = 400;

const describeShared = DATABASE_URL ? describe : describe.skip;

describeShared(
  'Two instances on one PostgreSQL and one S3 server (skipped without DATABASE_URL)',
  () => {
    let s3: RunningS3Server;
    let uploadDir: string;
    let one: ServiceProcess;
    let two: ServiceProcess;
    let db: Client;
    let adminToken: string;
    let assessor: Person;
    let tenant: Tenant;

    beforeAll(async () => {
      db = new Client({ connectionString: DATABASE_URL });
      await db.connect();
      await db.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
      s3 = await startS3Server('ksb-scale');
      uploadDir = await mkdtemp(join(tmpdir(), 'ksb-scale-disk-'));
      const env = {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: DATABASE_URL!,
        DATABASE_POOL_SIZE: '4',
        JWT_SECRET: 'shared-secret-of-both-instances-long-enough',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOGIN_MAX_ATTEMPTS_PER_MINUTE: '5',
        RATE_LIMIT_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE),
        TRUST_PROXY: 'loopback',
        PDF_WORKERS: '1',
        // Nothing may land here: with STORAGE=s3 the local disk is not used for files.
        UPLOAD_DIR: uploadDir,
        ...s3.env,
      };
      // At the same moment, on an empty database: both run their start-up (migrations, catalogue,
      // first admin) concurrently.
      [one, two] = await Promise.all([startService(env), startService(env)]);
      adminToken = await login(remote(one), ADMIN.email, ADMIN.password);
    }, 180_000);

    afterAll(async () => {
      await Promise.all([one?.stop(), two?.stop()]);
      await db?.end();
      await s3?.stop();
      if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
    });

    it('both came up on one schema: migrations applied once, catalogue and admin once', async () => {
      const migrations = await db.query<{ name: string }>(
        'SELECT name FROM migrations ORDER BY id',
      );
      expect(migrations.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
      const standards = await db.query<{ code: string; versions: string }>(
        'SELECT code, count(*)::text AS versions FROM standards GROUP BY code, version',
      );
      expect(standards.rows.length).toBeGreaterThan(0);
      expect(standards.rows.every((r) => r.versions === '1')).toBe(true);
      const admins = await db.query('SELECT id FROM users WHERE email = $1', [ADMIN.email]);
      expect(admins.rowCount).toBe(1);
      await request(one.url).get('/api/health').expect(200);
      const health = await request(two.url).get('/api/health').expect(200);
      expect(health.body.storage).toEqual({ writable: true, freeBytes: null });
    });

    it('carries a scenario across both: upload, review, coverage, freeze, assessor download', async () => {
      assessor = await createAssessor(remote(two), adminToken);
      tenant = await createTenant(remote(one), adminToken, { assessorId: assessor.id });
      const apprentice = (s: ServiceProcess) => as(remote(s), tenant.apprentice.token);
      const provider = (s: ServiceProcess) => as(remote(s), tenant.provider.token);
      const picture = png(4000);

      // Signed in on one (the factories did), uploading on the other.
      const created = await apprentice(two)
        .post(`/api/apprenticeships/${tenant.apprenticeshipId}/evidence`)
        .field('title', 'Feature store design')
        .field('kind', 'project')
        .field('activityDate', '2026-02-02')
        .attach('files', picture, 'architecture.png')
        .attach('files', PDF, 'report.pdf')
        .expect(201);
      const evidenceId = created.body.id as string;
      const [pictureFile] = created.body.files as { id: string; sha256: string }[];
      expect(pictureFile.sha256).toBe(sha256(picture));
      const back = await binary(
        apprentice(one).get(`/api/evidence/${evidenceId}/files/${pictureFile.id}`),
      ).expect(200);
      expect(sha256(back.body as Buffer)).toBe(sha256(picture));

      await apprentice(one)
        .put(`/api/evidence/${evidenceId}/tags`)
        .send(['K1', 'S1'].map((code) => ({ code, justification: `The design shows ${code}` })))
        .expect(200);
      await apprentice(two).post(`/api/evidence/${evidenceId}/submit`).expect(200);
      await provider(one)
        .post(`/api/evidence/${evidenceId}/review`)
        .send({
          decisions: [
            { code: 'K1', decision: 'accepted' },
            { code: 'S1', decision: 'accepted' },
          ],
          outcome: 'accepted',
        })
        .expect(200);
      const coverage = await provider(two)
        .get(`/api/apprenticeships/${tenant.apprenticeshipId}/coverage`)
        .expect(200);
      const byCode = new Map(
        (coverage.body.criteria as { code: string; acceptedCount: number }[]).map((c) => [
          c.code,
          c,
        ]),
      );
      expect(byCode.get('K1')?.acceptedCount).toBe(1);
      expect(byCode.get('S1')?.acceptedCount).toBe(1);

      const sign = (token: string, s: ServiceProcess) =>
        as(remote(s), token).post(
          `/api/apprenticeships/${tenant.apprenticeshipId}/gateway/declarations`,
        );
      await sign(tenant.apprentice.token, one).expect(200);
      await sign(tenant.employer.token, two).expect(200);
      await sign(tenant.provider.token, one).expect(200);
      const frozen = await provider(two)
        .post(`/api/apprenticeships/${tenant.apprenticeshipId}/gateway`)
        .send({ overrideReason: 'The rest is assessed in the professional discussion' })
        .expect(201);
      const snapshot = frozen.body as { id: string; pdfSha256: string };

      // The PDF was stored by instance two; the assessor fetches it from instance one.
      const pdf = await binary(
        as(remote(one), assessor.token).get(`/api/snapshots/${snapshot.id}/portfolio.pdf`),
      ).expect(200);
      expect(sha256(pdf.body as Buffer)).toBe(snapshot.pdfSha256);
      const file = await binary(
        as(remote(two), assessor.token).get(
          `/api/snapshots/${snapshot.id}/files/${pictureFile.id}`,
        ),
      ).expect(200);
      expect(sha256(file.body as Buffer)).toBe(sha256(picture));

      // Every stored byte is in the bucket, under the keys the database holds; none on local disk.
      const keys = await db.query<{ key: string }>(
        `SELECT storage_key AS key FROM evidence_files
       UNION SELECT pdf_storage_key FROM portfolio_snapshots WHERE pdf_storage_key IS NOT NULL`,
      );
      const client = new S3Client({
        region: 'eu-west-2',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      });
      const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      client.destroy();
      expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(
        keys.rows.map((r) => r.key).sort(),
      );
      expect(keys.rows).toHaveLength(3);
      await expect(readdir(uploadDir)).resolves.toEqual([]);
    });

    it('holds one sign-in budget across both instances', async () => {
      const address = '203.0.113.77';
      const attempt = (s: ServiceProcess, password: string) =>
        request(s.url)
          .post('/api/auth/login')
          .set('X-Forwarded-For', address)
          .send({ email: tenant.employer.email, password });
      // Five wrong passwords, spread over both: the budget per account and address is 5.
      for (const s of [one, two, one, two, one]) await attempt(s, 'wrong-password-1').expect(401);
      const refused = await attempt(two, tenant.employer.password).expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      await attempt(one, tenant.employer.password).expect(429);
      // Elsewhere the owner still signs in, on either instance.
      await request(one.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', '192.0.2.50')
        .send({ email: tenant.employer.email, password: tenant.employer.password })
        .expect(200);
    });

    it('holds one request budget per address across both instances', async () => {
      const address = '198.51.100.99';
      const hit = (s: ServiceProcess) =>
        request(s.url).get('/api/me').set('X-Forwarded-For', address);
      const statuses: number[] = [];
      for (let i = 0; i < REQUESTS_PER_MINUTE; i += 20) {
        const batch = await Promise.all(
          Array.from({ length: 20 }, (_, j) => hit(j % 2 === 0 ? one : two)),
        );
        statuses.push(...batch.map((r) => r.status));
      }
      expect(statuses.filter((s) => s !== 401)).toEqual([]);
      const refused = await hit(two).expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await hit(one).expect(429);
      // Another address, and the health check, are untouched.
      await request(one.url).get('/api/me').set('X-Forwarded-For', '198.51.100.100').expect(401);
      await request(two.url).get('/api/health').set('X-Forwarded-For', address).expect(200);
    });
  },
);
