import { ASSETS_DIR } from './web-paths.js';
import { join } from 'node:path';
import { projectRoot } from '../config/project-root.js';

/**
 * Compiles our stylesheet from govuk-frontend's Sass with our brand settings. `npm run build`
 * does this once (scripts/build-css.mjs); development and the tests compile it on first request
 * (about a second), so `sass` is only ever needed where devDependencies are installed.
 */
export async function compileCss(): Promise<string> {
  const sass = await import('sass');
  const result = await sass.compileAsync(join(ASSETS_DIR, 'app.scss'), {
    loadPaths: [join(projectRoot(), 'node_modules')],
    importers: [new sass.NodePackageImporter(projectRoot())],
    style: 'compressed',
    quietDeps: true,
  });
  return result.css;
}
