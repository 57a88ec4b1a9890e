import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../config/project-root.js';

/**
 * src/web under ts-jest, dist/src/web when built (the build copies views and assets beside it).
 * Named from the project root, not from this module: the built service runs from one bundle.
 */
const built = fileURLToPath(import.meta.url).includes(`${sep}dist${sep}`);
export const WEB_DIR = join(projectRoot(), built ? 'dist/src/web' : 'src/web');
export const VIEWS_DIR = join(WEB_DIR, 'views');
export const ASSETS_DIR = join(WEB_DIR, 'assets');
export const GOVUK_DIST = join(projectRoot(), 'node_modules', 'govuk-frontend', 'dist');
export const FONTS_DIR = join(projectRoot(), 'templates', 'fonts');
/** Written by `npm run build` (scripts/build-css.mjs); compiled on first request when absent. */
export const BUILT_CSS = join(ASSETS_DIR, 'app.css');
