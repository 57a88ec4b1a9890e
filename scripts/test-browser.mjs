// `npm test`'s last step: the browser suite in Debian's Chromium. Without a Chromium it says so
// loudly and passes, except in CI (CI set), where a missing browser fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ci = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());

if (!existsSync(chromium)) {
  const bar = '!'.repeat(78);
  console.error(
    `\n${bar}\n!! BROWSER SUITE SKIPPED: no Chromium at ${chromium}\n` +
      "!! The web pages were NOT tested in a browser. Install Debian's Chromium and run again:\n" +
      '!!   sudo apt-get install -y chromium && npm run test:browser\n' +
      `!! (or set CHROMIUM_PATH to a Chromium binary)\n${bar}\n`,
  );
  process.exit(ci ? 1 : 0);
}
const run = spawnSync('npm', ['run', 'test:browser'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
