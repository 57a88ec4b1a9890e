/**
 * Upload benchmark: one 500 MB upload (throughput against `cp` of the same file followed by an
 * fsync, the server's peak RSS growth, which shows whether uploads stream, and the SHA-256 the
 * service reports checked against the bytes sent) and 20 concurrent 10 MB uploads, for each
 * storage driver: local disk, and S3 (an s3rver on 127.0.0.1, whose objects land on the same
 * disk, started by this script).
 *
 *   npm run build && npm run build:bench && node dist/bench/upload.bench.js [disk|s3]
 *
 * The service runs as a separate process on the embedded database (or DATABASE_URL if set),
 * with throwaway data and upload directories on the same disk as the `cp` reference (the system's
 * temporary directory). The service fsyncs each stored file before it answers, so does the
 * reference. A second reference is a bare Node HTTP server writing the same request's body to a
 * file (hashed, fsynced): what any Node service pays before its own work. Exits 1 when RSS grows
 * 64 MB or more (either driver), an upload fails, the SHA-256 differs, or the disk upload reaches
 * less than half of `cp`'s throughput. The S3 figure against `cp` is reported, not judged: it also
 * measures s3rver, a test server written in JavaScript.
 */
import { fork, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { startS3Server } from '../test/support/s3-server.js';
import { fmtMB, MB, sampleMax, seedApprenticeship, startService } from './support.js';

interface Uploaded {
  status: number;
  body: string;
}

/** A file of `size` random bytes beginning like a PDF (the service sniffs content), and its hash. */
async function makeSource(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const head = Buffer.from('%PDF-1.7\n');
  hash.update(head);
  out.write(head);
  for (let written = head.length; written < size;) {
    const chunk = randomBytes(Math.min(MB, size - written));
    hash.update(chunk);
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  return hash.digest('hex');
}

/** `cp` of the file, then an fsync of the copy: seconds. */
async function copyAndSync(from: string, to: string): Promise<number> {
  const started = performance.now();
  const cp = spawnSync('cp', [from, to]);
  if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr.toString()}`);
  const handle = await open(to, 'r+');
  await handle.sync();
  await handle.close();
  return (performance.now() - started) / 1000;
}

/**
 * The second reference: a bare Node HTTP server in its own process that writes the request body
 * to a file, hashing it, and fsyncs it: what any Node service's upload costs before its own work
 * (multipart parsing, sniffing, the database). On loopback the client shares the machine's cores.
 */
const SINK = `
const { createServer } = require('node:http');
const { createHash } = require('node:crypto');
const { createWriteStream } = require('node:fs');
const { open } = require('node:fs/promises');
const file = process.argv[1];
createServer((req, res) => {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  req.on('data', (chunk) => hash.update(chunk));
  req.pipe(out);
  out.on('finish', async () => {
    const handle = await open(file, 'r+');
    await handle.sync();
    await handle.close();
    res.writeHead(201).end(hash.digest('hex'));
  });
}).listen(0, '127.0.0.1', function () { process.send(this.address().port); });
`;

/** Seconds for the bare sink to take the same upload (the better of two). */
async function bareSinkSeconds(work: string, source: string, size: number): Promise<number> {
  const sink = fork('-e', [SINK, join(work, 'sink.bin')], { execArgv: [] });
  try {
    const port = await new Promise<number>((resolve) =>
      sink.once('message', (m) => resolve(Number(m))),
    );
    let best = Infinity;
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      const sent = await upload(`http://127.0.0.1:${port}`, '/', 'none', size, source);
      if (sent.status !== 201) throw new Error(`bare sink answered ${sent.status}`);
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return best;
  } finally {
    sink.kill();
    await rm(join(work, 'sink.bin'), { force: true });
  }
}

const ADMIN = { email: 'bench-admin@example.com', password: 'operator-password-2026' };

/** Streams a multipart body of `size` bytes (a PDF header, then filler) without holding it. */
function upload(
  url: string,
  path: string,
  token: string,
  size: number,
  source?: string,
): Promise<Uploaded> {
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
    if (source) {
      const file = createReadStream(source, { highWaterMark: MB });
      file.on('error', reject);
      file.on('end', () => req.end(tail));
      file.pipe(req, { end: false });
      return;
    }
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

const LEARNER = { email: 'bench-learner@example.com', password: 'apprentice-pass-2026' };

async function seed(url: string): Promise<{ token: string; path: string }> {
  const { apprenticeshipId, token } = await seedApprenticeship(url, ADMIN, LEARNER);
  return { token, path: `/api/apprenticeships/${apprenticeshipId}/evidence` };
}

type Driver = 'disk' | 's3';

/** The whole benchmark against one driver; false when a target is missed. */
async function bench(
  driver: Driver,
  work: string,
  source: string,
  sent: string,
  cpSeconds: number,
  sinkSeconds: number,
) {
  const s3 = driver === 's3' ? await startS3Server('ksb-bench') : undefined;
  const service = await startService({
    DATA_DIR: join(work, `data-${driver}`),
    UPLOAD_DIR: join(work, `uploads-${driver}`),
    MAX_FILE_SIZE_MB: '600',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_MAX_ATTEMPTS_PER_MINUTE: '100',
    ...(s3?.env ?? {}),
  });
  try {
    const { token, path } = await seed(service.url);
    // Warm-up: one upload, and its words read as they are after every upload (pdfjs loaded), so
    // the baseline is a service that has taken an upload before.
    const warm = await upload(service.url, path, token, 5 * MB);
    const warmId = (JSON.parse(warm.body) as { id: string }).id;
    await fetch(`${service.url}/api/evidence/${warmId}/suggestions`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.arrayBuffer());
    const size = 500 * MB;
    const baseline = service.rssBytes();
    const sampler = sampleMax(() => service.rssBytes());
    const started = performance.now();
    const big = await upload(service.url, path, token, size, source);
    const seconds = (performance.now() - started) / 1000;
    const peak = sampler.stop();
    if (big.status !== 201) throw new Error(`500 MB upload: ${big.status} ${big.body}`);
    const stored = (JSON.parse(big.body) as { files: { sha256: string; size: number }[] }).files[0];
    const ratio = cpSeconds / seconds;
    console.log(`[${driver}] One 500 MB upload`);
    console.log(
      `  upload ${seconds.toFixed(2)} s (${(size / MB / seconds).toFixed(1)} MB/s), ` +
        `cp + fsync ${cpSeconds.toFixed(2)} s (${(size / MB / cpSeconds).toFixed(1)} MB/s): ` +
        `${ratio.toFixed(2)} of cp${driver === 'disk' ? ' (target ≥ 0.5)' : ' (reported only)'}`,
    );
    console.log(
      `  bare Node HTTP sink ${sinkSeconds.toFixed(2)} s (${(size / MB / sinkSeconds).toFixed(1)} MB/s, ` +
        `${(cpSeconds / sinkSeconds).toFixed(2)} of cp): the service reaches ${(sinkSeconds / seconds).toFixed(2)} of it`,
    );
    console.log(
      `  server RSS: baseline ${fmtMB(baseline)}, peak ${fmtMB(peak)}, growth ${fmtMB(peak - baseline)} (target < 64 MB)`,
    );
    const sameHash = stored.sha256 === sent && stored.size === size;
    console.log(`  SHA-256 reported ${sameHash ? 'matches' : 'DIFFERS FROM'} the bytes sent`);

    const concurrent = 20;
    const started20 = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: concurrent }, () => upload(service.url, path, token, 10 * MB)),
    );
    const total = (performance.now() - started20) / 1000;
    const errors = results.filter((r) => r.status === 'rejected' || r.value.status !== 201).length;
    console.log(`[${driver}] ${concurrent} concurrent 10 MB uploads`);
    console.log(
      `  total ${total.toFixed(2)} s, ${((concurrent * 10) / total).toFixed(1)} MB/s aggregate, errors ${errors}`,
    );
    const slow = driver === 'disk' && ratio < 0.5;
    return !(peak - baseline >= 64 * MB || errors > 0 || !sameHash || slow);
  } finally {
    await service.stop();
    await s3?.stop();
  }
}

async function main(): Promise<void> {
  const only = process.argv[2] as Driver | undefined;
  const drivers: Driver[] = only ? [only] : ['disk', 's3'];
  const work = await mkdtemp(join(tmpdir(), 'ksb-bench-upload-'));
  try {
    const source = join(work, 'source.pdf');
    const sent = await makeSource(source, 500 * MB);
    // The reference's better of two runs, so the ratio never flatters the service.
    let cpSeconds = Infinity;
    for (let run = 0; run < 2; run++) {
      cpSeconds = Math.min(cpSeconds, await copyAndSync(source, join(work, 'copy.pdf')));
      await rm(join(work, 'copy.pdf'));
    }
    const sinkSeconds = await bareSinkSeconds(work, source, 500 * MB);
    for (const driver of drivers) {
      if (!(await bench(driver, work, source, sent, cpSeconds, sinkSeconds))) process.exitCode = 1;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

void main();
