import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SingleSessionStrategy } from 'nestjs-single-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './commands.js';
import { CONSUMER_APPS, compileConsumer, installConsumer, type ConsumerApp } from './consumer-apps.js';
import { startConsumer } from './consumer-process.js';
import { installNode } from './node-from-npm.js';
import { packPackage, type PackedPackage } from './packed-package.js';
import { expectEviction, expectRefusal } from './session-limit-proofs.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The Node.js major of the extra run, fetched from the npm registry as the `node` package. */
const OTHER_NODE = 22;
/** Long enough for the first run's downloads into npm's cache; later runs install from the cache. */
const INSTALL_TIMEOUT = 600_000;

/** Starts the app at `app` with `strategy` (on `node`), runs `proof` against it, stops it. */
async function prove(app: string, strategy: SingleSessionStrategy, proof: (url: string) => Promise<void>, node?: string): Promise<void> {
  const consumer = await startConsumer(app, strategy, node);
  try {
    await proof(consumer.url);
  } finally {
    consumer.stop();
  }
}

/** What an ESM importer and a CommonJS `require()` of the package get, seen from the app at `app`. */
async function bothWays(app: string): Promise<{ imported: string[]; required: string[]; identical: boolean }> {
  const script = `
    import * as imported from 'nestjs-single-session';
    import { createRequire } from 'node:module';
    const required = createRequire(import.meta.url)('nestjs-single-session');
    const names = Object.keys(required);
    console.log(JSON.stringify({
      // Node adds 'default' (module.exports) and the '__esModule' marker to a CommonJS module's ESM face.
      imported: Object.keys(imported).filter((name) => name !== 'default' && name !== '__esModule'),
      required: names,
      identical: names.every((name) => imported[name] === required[name]),
    }));`;
  return JSON.parse(await run('import and require', process.execPath, ['--input-type=module', '-e', script], app));
}

describe('the published package (npm pack)', () => {
  let workDir: string;
  let packed: PackedPackage;
  /** Each consumer app's folder once installed, by name: installs and type-checks run side by side. */
  const installed = new Map<string, Promise<string>>();
  /** The same, once the app also type-checked (and compiled). */
  const compiled = new Map<string, Promise<string>>();
  let otherNode: Promise<string>;

  beforeAll(async () => {
    if (!(await stat(join(ROOT, 'dist/index.js')).catch(() => undefined))) throw new Error("No dist/: run 'npm run build' first.");
    workDir = await mkdtemp(join(tmpdir(), 'nestjs-single-session-consumer-'));
    // Each failure is reported by the tests that await the step; until then it is not "unhandled".
    otherNode = installNode(OTHER_NODE, join(workDir, `node${OTHER_NODE}`));
    otherNode.catch(() => undefined);
    packed = await packPackage(ROOT, workDir);
    for (const consumer of CONSUMER_APPS) {
      const app = installConsumer(consumer, workDir, packed.tarball);
      const built = app.then((dir) => compileConsumer(consumer, dir));
      built.catch(() => undefined);
      installed.set(consumer.name, app);
      compiled.set(consumer.name, built);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([...compiled.values(), otherNode]);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('holds the CommonJS build and its type declarations, package.json, README and LICENSE, nothing else', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/package.json', 'dist/index.js', 'dist/index.d.ts']));
    for (const path of packed.files) {
      expect(path).toMatch(/^(package\.json|README\.md|LICENSE|dist\/package\.json|dist\/([\w-]+\/)?[\w.-]+\.(js|d\.ts))$/);
      expect(path).not.toMatch(/\.spec\.|e2e-spec|sample-app|(^|\/)test\//);
    }
    const modules = packed.files.filter((path) => path.endsWith('.js'));
    for (const path of modules) expect(packed.files).toContain(path.replace(/\.js$/, '.d.ts'));
  });

  it('gives import and require() one and the same copy of every export (no dual-package hazard)', async () => {
    const { imported, required, identical } = await bothWays(await installed.get('nest12-esm')!);
    expect(required).toEqual(expect.arrayContaining(['SingleSessionModule', 'SingleSessionGuard', 'SessionEvictedException']));
    expect(imported.sort()).toEqual(required.sort());
    expect(identical).toBe(true);
  }, INSTALL_TIMEOUT);

  describe.each(CONSUMER_APPS)('in $title', (consumer: ConsumerApp) => {
    it(`installs with a plain npm install and type-checks with skipLibCheck off (${consumer.tsconfigs.join(', ')})`, async () => {
      await compiled.get(consumer.name);
    }, INSTALL_TIMEOUT);

    it("starts, and its second login evicts the first over HTTP ('evict-oldest': 401 SESSION_EVICTED)", async () => {
      await prove(await compiled.get(consumer.name)!, 'evict-oldest', expectEviction);
    });

    it("starts, and refuses a second login over HTTP ('reject-new': 403 SESSION_LIMIT_REACHED)", async () => {
      await prove(await compiled.get(consumer.name)!, 'reject-new', expectRefusal);
    });
  });

  it(`runs the Nest 12 ESM app on Node ${OTHER_NODE} (the npm registry's node package): evicts, and refuses under 'reject-new'`, async () => {
    const [app, node] = await Promise.all([compiled.get('nest12-esm')!, otherNode]);
    await prove(app, 'evict-oldest', expectEviction, node);
    await prove(app, 'reject-new', expectRefusal, node);
  }, INSTALL_TIMEOUT);
});
