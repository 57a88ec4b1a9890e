// Part of `npm run build`: puts the pages' views and assets beside the compiled web layer
// (dist/src/web) and compiles our stylesheet from govuk-frontend's Sass once, so production never
// needs `sass` (development and the tests compile it on first request instead).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'web');
const to = join(root, 'dist', 'src', 'web');
mkdirSync(to, { recursive: true });
cpSync(join(from, 'views'), join(to, 'views'), { recursive: true });
cpSync(join(from, 'assets'), join(to, 'assets'), { recursive: true });
const { css } = sass.compile(join(from, 'assets', 'app.scss'), {
  loadPaths: [join(root, 'node_modules')],
  importers: [new sass.NodePackageImporter(root)],
  style: 'compressed',
  quietDeps: true,
});
writeFileSync(join(to, 'assets', 'app.css'), css);
console.log(`web: views, assets and app.css (${Math.round(css.length / 1024)} KB) in dist/src/web`);
