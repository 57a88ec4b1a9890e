import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.js';
import { SERVICE_RUNTIME } from './service-runtime.js';

const read = (file: string) => readFileSync(join(projectRoot(), file), 'utf8');

describe('how the service is started', () => {
  it('the Dockerfile sets the same environment', () => {
    const dockerfile = read('Dockerfile');
    for (const [name, value] of Object.entries(SERVICE_RUNTIME.env)) {
      expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    }
    // node itself, no wrapper and no flags: SIGTERM reaches the service.
    expect(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1]).toBe('["node", "dist/service.js"]');
  });

  it('npm start sets it too, each variable overridable from the environment', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const start = scripts.start;
    for (const [name, value] of Object.entries(SERVICE_RUNTIME.env)) {
      expect(start).toContain(`${name}=\${${name}:-${value}}`);
    }
    expect(start).toMatch(/ node dist\/service\.js$/);
  });
});
