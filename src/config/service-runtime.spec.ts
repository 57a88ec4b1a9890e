import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_RESOURCE_LIMITS } from '../common/memory/worker-heap.js';
import { projectRoot } from './project-root.js';
import { SERVICE_RUNTIME } from './service-runtime.js';

const read = (file: string) => readFileSync(join(projectRoot(), file), 'utf8');

describe('how the service is started', () => {
  it('the Dockerfile sets the same environment and node flags', () => {
    const dockerfile = read('Dockerfile');
    for (const [name, value] of Object.entries(SERVICE_RUNTIME.env)) {
      expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    }
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual([
      'node',
      ...SERVICE_RUNTIME.nodeFlags,
      'dist/service.js',
    ]);
  });

  it('npm start sets them too, each overridable from the environment', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const start = scripts.start;
    for (const [name, value] of Object.entries(SERVICE_RUNTIME.env)) {
      expect(start).toContain(`${name}=\${${name}:-${value}}`);
    }
    expect(start).toContain(`node ${SERVICE_RUNTIME.nodeFlags.join(' ')} dist/service.js`);
  });

  it("the worker threads' young generation matches the main thread's semi-spaces", () => {
    const semiSpace = Number(/=(\d+)$/.exec(SERVICE_RUNTIME.nodeFlags[0])![1]);
    // V8's young generation is three semi-spaces: two for copying, one for large new objects.
    expect(WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb).toBe(3 * semiSpace);
  });
});
