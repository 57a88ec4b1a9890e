// Part of `npm run build`: bundles the service (as tsc wrote it, decorator metadata included) with
// the packages it loads, so a start reads two files instead of ~2,000 modules (Node resolving,
// reading and linking each was half of a restart). Two bundles, on purpose: dist/service.js (from
// dist/src/main.js: the configuration and the embedded database's start) is small, so the
// database's thread starts within a tenth of a second; it then loads dist/service-app.cjs (from
// dist/src/server.js: the application) while the database opens. The application's bundle is
// CommonJS so that it can be compiled with V8's code cache (src/application-bundle.ts), which this
// script writes beside it. `npm start` and the container run dist/service.js; dist/src/main.js
// still runs the same service unbundled.
// Packages that find their own files at run time (WebAssembly, native addons, fonts, Swagger UI's
// assets, pino's transports) stay outside and load from node_modules as before; so do the worker
// threads' scripts, which are started by path.
// Usage: node scripts/bundle.mjs <entry.js> <bundle.js|.cjs> [<entry.js> <bundle.js|.cjs> ...]
// An entry that imports another entry of the same call imports that entry's bundle instead.
import { build } from 'esbuild';
import { asciiSource } from './ascii-source.mjs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Read their own files next to them (via __dirname, import.meta.url or a path) when they run. */
const OUTSIDE = [
  '@electric-sql/pglite',
  '@electric-sql/pglite-socket',
  'argon2',
  'sharp',
  'pdfkit',
  'fontkit',
  'swagger-ui-dist',
  'pino',
  'pino-pretty',
  'thread-stream',
  'nunjucks',
  'sass',
  // Loads its standard fonts and, on Node, its worker script by path.
  'pdfjs-dist',
];

/**
 * Loaded only when configured (STORAGE=s3): outside, so a start on local disk does not compile
 * the AWS SDK's ~4 MB with the rest.
 */
const WHEN_CONFIGURED = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage'];

/**
 * Optional packages that Nest, TypeORM and pg `require` only when configured for them (other
 * drivers, transports): not installed, so left as a `require` that fails at run time exactly as
 * it does unbundled, inside their own try/catch.
 */
const optionalWhenMissing = {
  name: 'optional-when-missing',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return undefined;
      try {
        createRequire(join(args.resolveDir || root, 'x.js')).resolve(args.path);
        return undefined;
      } catch {
        try {
          // ESM-only packages have no `require` condition; let esbuild resolve them.
          import.meta.resolve(args.path, `file://${args.resolveDir || root}/`);
          return undefined;
        } catch {
          return { path: args.path, external: true };
        }
      }
    });
  },
};

const args = process.argv.slice(2);
/**
 * Some packages load others through their own `createRequire(import.meta.url)`, which esbuild
 * cannot follow (evanw/esbuild#1828): @nestjs/typeorm loads all of TypeORM that way and
 * @nestjs/mapped-types class-validator, a second, unbundled copy of each at every start. Without
 * that local `require`, their calls are the bundle's own and the packages come from the bundle.
 */
const LOCAL_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/m;
const bundleLocalRequires = {
  name: 'bundle-local-requires',
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]@nestjs[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!LOCAL_REQUIRE.test(source)) return undefined;
      return { contents: source.replace(LOCAL_REQUIRE, ''), loader: 'js' };
    });
  },
};

/**
 * pg asks at load whether it runs on Cloudflare Workers by constructing a fetch `Response`, which
 * on Node 20 (no `navigator`) loads all of undici: ~25 ms of every start, for an answer that is
 * always no here. The bundle is for Node, so the probe answers no at once. Should pg's code move,
 * the build says so and leaves it as it is (slower, not wrong).
 */
const CLOUDFLARE_PROBE = 'function isCloudflareRuntime() {';
const nodeOnlyPg = {
  name: 'node-only-pg',
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(CLOUDFLARE_PROBE)) {
        console.warn(`bundle: pg's Cloudflare probe not found in ${args.path}; left as it is`);
        return undefined;
      }
      const answer = `${CLOUDFLARE_PROBE}\n  return false; // bundled for Node (scripts/bundle.mjs)`;
      return { contents: source.replace(CLOUDFLARE_PROBE, answer), loader: 'js' };
    });
  },
};

const bundles = new Map();
for (let i = 0; i + 1 < args.length; i += 2) bundles.set(resolve(root, args[i]), args[i + 1]);

/** `import('./server.js')` in main.js's code becomes `import('./service-app.cjs')`, left outside. */
function siblingBundles(outfile) {
  return {
    name: 'sibling-bundles',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const target = bundles.get(resolve(args.resolveDir, args.path));
        if (!target || target === outfile) return undefined;
        return { path: `./${relative(dirname(outfile), target)}`, external: true };
      });
    },
  };
}

for (const [entry, outfile] of bundles) {
  const started = performance.now();
  const commonJs = outfile.endsWith('.cjs');
  const result = await build({
    entryPoints: [entry],
    outfile,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: commonJs ? 'cjs' : 'esm',
    // In CommonJS there is no import.meta: the bundle's own URL stands in, as it does in an ESM
    // bundle (every module's import.meta.url is the bundle's there too).
    define: commonJs ? { 'import.meta.url': '__bundleUrl' } : {},
    target: 'node20',
    // In the CommonJS bundle every import() becomes require(): V8's code cache on Node 20 drops a
    // script's dynamic-import callback, so an import() compiled from it fails
    // (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). The packages it loads lazily (sharp, pdfkit, the
    // AWS SDK) are CommonJS, and pdfjs-dist's ES module is loaded by require() on Node >= 20.19.
    supported: commonJs ? { 'dynamic-import': false } : {},
    // class-transformer/storage: mapped-types' fallback path, which class-transformer 0.5 lacks.
    external: [
      ...[...OUTSIDE, ...WHEN_CONFIGURED].flatMap((name) => [name, `${name}/*`]),
      'class-transformer/storage',
    ],
    plugins: [siblingBundles(outfile), optionalWhenMissing, bundleLocalRequires, nodeOnlyPg],
    // The CommonJS packages inside call require() for Node's modules and the packages outside.
    banner: {
      js: commonJs
        ? "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;"
        : "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // Nest's optional packages and TypeORM's other drivers are referenced but never loaded.
    logOverride: { 'require-resolve-not-external': 'silent' },
    // Nest names modules and providers, and TypeORM tables, after their classes.
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).length;
  const ms = Math.round(performance.now() - started);
  console.log(`bundle: ${outfile} from ${inputs} modules in ${ms} ms`);
  await asciiOnly(join(root, outfile), commonJs ? 'script' : 'module');
  if (commonJs) await writeCodeCache(outfile);
}

/** The bundle as pure ASCII (see ascii-source.mjs): V8 then keeps its source at one byte a character. */
async function asciiOnly(file, sourceType) {
  const { code, left } = asciiSource(await readFile(file, 'utf8'), sourceType);
  await writeFile(file, code);
  if (left > 0)
    console.log(`bundle: ${file}: ${left} lines not ASCII (the source is kept as UTF-16)`);
}

/**
 * V8's code cache for a CommonJS bundle: compiled and run (its modules' top level, as at a start)
 * exactly as src/application-bundle.ts loads it, then the compiled code saved beside it.
 */
async function writeCodeCache(file) {
  const started = performance.now();
  const { runBundle } = await import('../dist/src/application-bundle.js');
  const data = runBundle(join(root, file)).codeCache();
  await writeFile(join(root, `${file}.cache`), data);
  const ms = Math.round(performance.now() - started);
  console.log(
    `bundle: ${file}.cache, ${(data.length / 1e6).toFixed(1)} MB of compiled code, in ${ms} ms`,
  );
}
