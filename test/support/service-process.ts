/**
 * The built service (`node dist/service.js`, what `npm start` and the container run) as a child
 * process on port 0: resolves once it prints its start-up summary, with its URL and log lines.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project-root.js';

export const SERVICE_BUNDLE = join(projectRoot(), 'dist/service.js');

export interface ServiceProcess {
  url: string;
  /** Every stdout line so far (JSON lines with LOG_FORMAT=json). */
  lines: string[];
  stop(): Promise<number | null>;
}

export function startService(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [SERVICE_BUNDLE], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start-up summary within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} while starting: ${stderr}\n${lines.join('\n')}`));
    });
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) {
        lines.push(line);
        const port = /Listening on http:\/\/localhost:(\d+)/.exec(line)?.[1];
        if (!port) continue;
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, lines, stop });
      }
    });
  });
}
