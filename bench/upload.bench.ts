/**
 * Upload benchmark: one 500 MB upload (throughput and the server's peak RSS growth, which shows
 * whether uploads stream) and 20 concurrent 10 MB uploads (total time, errors).
 *
 *   npm run build && node dist/bench/upload.bench.js
 *
 * The service runs as a separate process on the embedded database (or DATABASE_URL if set),
 * with throwaway data and upload directories.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, fmtMB, MB, sampleMax, startService } from './support.js';

const ADMIN = { email: 'bench-admin@example.com', password: 'operator-password-2026' };

/** Streams a multipart body of `size` bytes (a PDF header, then filler) without holding it. */
function upload(
  url: string,
  path: string,
  token: string,
  size: number,
): Promise<{ status: number; body: string }> {
  const boundary = `bench${randomBytes(8).toString('hex')}`;
  const fields = { title: `Bench upload ${size}`, kind: 'other', activityDate: '2026-02-02' };
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const total =
    Buffer.byteLength(head) + Buffer.byteLength(fileHead) + size + Buffer.byteLength(tail);
  const chunk = randomBytes(MB);
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': total,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(head + fileHead);
    req.write('%PDF-1.7\n');
    let sent = 9;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
          return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
}

async function seed(url: string): Promise<{ token: string; path: string }> {
  const admin = (await api<{ accessToken: string }>(url, '/api/auth/login', null, ADMIN))
    .accessToken;
  const provider = await api<{ id: string }>(url, '/api/organisations', admin, {
    kind: 'provider',
    name: 'Bench Provider',
    ukprn: '10012345',
  });
  const employer = await api<{ id: string }>(url, '/api/organisations', admin, {
    kind: 'employer',
    name: 'Bench Employer',
    providerId: provider.id,
  });
  const tutor = await api<{ id: string }>(url, '/api/users', admin, {
    email: 'bench-tutor@example.com',
    name: 'Tutor',
    role: 'provider',
    password: 'coaching-pass-2026',
    organisationId: provider.id,
  });
  const learner = await api<{ id: string }>(url, '/api/users', admin, {
    email: 'bench-learner@example.com',
    name: 'Learner',
    role: 'apprentice',
    password: 'apprentice-pass-2026',
    organisationId: employer.id,
  });
  const apprenticeship = await api<{ id: string }>(url, '/api/apprenticeships', admin, {
    providerId: provider.id,
    apprenticeId: learner.id,
    employerId: employer.id,
    tutorId: tutor.id,
    standardCode: 'ST1398',
    uln: '1234567890',
    startDate: '2026-01-05',
    plannedGatewayDate: '2027-07-05',
  });
  const token = (
    await api<{ accessToken: string }>(url, '/api/auth/login', null, {
      email: 'bench-learner@example.com',
      password: 'apprentice-pass-2026',
    })
  ).accessToken;
  return { token, path: `/api/apprenticeships/${apprenticeship.id}/evidence` };
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'ksb-bench-upload-'));
  const service = await startService({
    DATA_DIR: join(work, 'data'),
    UPLOAD_DIR: join(work, 'uploads'),
    MAX_FILE_SIZE_MB: '600',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_MAX_ATTEMPTS_PER_MINUTE: '100',
  });
  try {
    const { token, path } = await seed(service.url);
    await upload(service.url, path, token, 5 * MB); // warm-up
    const baseline = service.rssBytes();
    const sampler = sampleMax(() => service.rssBytes());
    const size = 500 * MB;
    const started = performance.now();
    const big = await upload(service.url, path, token, size);
    const seconds = (performance.now() - started) / 1000;
    const peak = sampler.stop();
    if (big.status !== 201) throw new Error(`500 MB upload: ${big.status} ${big.body}`);
    console.log('One 500 MB upload');
    console.log(
      `  time ${seconds.toFixed(2)} s, throughput ${(size / MB / seconds).toFixed(1)} MB/s`,
    );
    console.log(
      `  server RSS: baseline ${fmtMB(baseline)}, peak ${fmtMB(peak)}, growth ${fmtMB(peak - baseline)} (target < 64 MB)`,
    );

    const concurrent = 20;
    const started20 = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: concurrent }, () => upload(service.url, path, token, 10 * MB)),
    );
    const total = (performance.now() - started20) / 1000;
    const errors = results.filter((r) => r.status === 'rejected' || r.value.status !== 201).length;
    console.log(`${concurrent} concurrent 10 MB uploads`);
    console.log(
      `  total ${total.toFixed(2)} s, ${((concurrent * 10) / total).toFixed(1)} MB/s aggregate, errors ${errors}`,
    );
    if (peak - baseline > 64 * MB || errors > 0) process.exitCode = 1;
  } finally {
    await service.stop();
    await rm(work, { recursive: true, force: true });
  }
}

void main();
