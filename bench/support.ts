import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../src/config/project-root.js';
import { SERVICE_RUNTIME } from '../src/config/service-runtime.js';

/** A built service started as its own process, so its memory is measured apart from the client. */
export interface ServiceProcess {
  url: string;
  pid: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = String(20000 + Math.floor(Math.random() * 20000));
  // BENCH_NODE_ARGS: flags for the service's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const script = join(projectRoot(), 'dist/service.js');
  // Started as the Dockerfile and npm start start it (their environment).
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script], {
    // Benches measure throughput; the per-address request limit would measure itself.
    env: {
      ...SERVICE_RUNTIME.env,
      ...process.env,
      PORT: port,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
    const up = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    rssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Samples a value on an interval; `stop()` returns the maximum seen. */
export function sampleMax(read: () => number, everyMs = 20): { stop(): number } {
  let max = read();
  const timer = setInterval(() => {
    try {
      max = Math.max(max, read());
    } catch {
      /* the process may be gone at the very end */
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return max;
    },
  };
}

export async function api<T>(
  url: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const MB = 1024 * 1024;
export const fmtMB = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
export const summary = (ms: number[]) =>
  `n=${ms.length} p50 ${fmt(percentile(ms, 50))} p95 ${fmt(percentile(ms, 95))} ` +
  `p99 ${fmt(percentile(ms, 99))} max ${fmt(Math.max(...ms))}`;

// The probe's loop, in a thread of its own: the bench's main thread is busy reading what it
// asked for (two 50 MB PDFs at once, or the whole app in-process), and a probe waiting behind
// that would time the bench, not the service.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
parentPort.once('message', () => (running = false));
(async () => {
  // Untimed: a thread's first fetch loads and sets up fetch itself (20-30 ms), not the service.
  await (await fetch(workerData.url + '/api/health')).arrayBuffer();
  const latencies = [];
  while (running) {
    const started = performance.now();
    const res = await fetch(workerData.url + '/api/health');
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status !== 200) console.log('  health answered ' + res.status);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  parentPort.postMessage(latencies);
})();
`;

/**
 * Times /api/health back to back (10 ms apart) from a worker thread until `stop()`, after one
 * untimed request; returns the latencies.
 */
export function probeHealth(url: string): { stop(): Promise<number[]> } {
  const worker = new Worker(PROBE, { eval: true, workerData: { url } });
  const latencies = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const result = await latencies;
      await worker.terminate();
      return result;
    },
  };
}

export interface Credentials {
  email: string;
  password: string;
}

/**
 * Through the API, as the admin: a provider with a tutor, an employer, the apprentice `learner`
 * (who can sign in) and their apprenticeship on ST1398. Returns its id and the learner's token.
 */
export async function seedApprenticeship(
  url: string,
  admin: Credentials,
  learner: Credentials & { name?: string },
): Promise<{ apprenticeshipId: string; token: string }> {
  // Only the credentials: the sign-in body refuses any other property (the learner has a name).
  const login = async ({ email, password }: Credentials) =>
    (await api<{ accessToken: string }>(url, '/api/auth/login', null, { email, password }))
      .accessToken;
  const adminToken = await login(admin);
  const post = <T>(path: string, body: object) => api<T>(url, path, adminToken, body);
  const provider = await post<{ id: string }>('/api/organisations', {
    kind: 'provider',
    name: 'Bench Provider',
    ukprn: '10012345',
  });
  const employer = await post<{ id: string }>('/api/organisations', {
    kind: 'employer',
    name: 'Bench Employer',
    providerId: provider.id,
  });
  const tutor = await post<{ id: string }>('/api/users', {
    email: 'bench-tutor@example.com',
    name: 'Tutor',
    role: 'provider',
    password: 'coaching-pass-2026',
    organisationId: provider.id,
  });
  const apprentice = await post<{ id: string }>('/api/users', {
    email: learner.email,
    password: learner.password,
    name: learner.name ?? 'Learner',
    role: 'apprentice',
    organisationId: employer.id,
  });
  const apprenticeship = await post<{ id: string }>('/api/apprenticeships', {
    providerId: provider.id,
    apprenticeId: apprentice.id,
    employerId: employer.id,
    tutorId: tutor.id,
    standardCode: 'ST1398',
    uln: '1234567890',
    startDate: '2026-01-05',
    plannedGatewayDate: '2027-07-05',
  });
  return { apprenticeshipId: apprenticeship.id, token: await login(learner) };
}

/** CPU seconds the service has used, all its threads together (/proc: not skewed by neighbours). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
