import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../support/browser.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONSUMER_SOURCES = fileURLToPath(new URL('./consumer-app/', import.meta.url));
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
/** The environment without the `npm_*` variables of an enclosing `npm test`, which would point npm back at this repository. */
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

/** What a consumer installs next to the package: its peers, passport-local with express-session, TypeScript. */
const DEPENDENCIES = [
  '@nestjs/cache-manager',
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/passport',
  '@nestjs/platform-express',
  'cache-manager',
  'express-session',
  'passport',
  'passport-local',
  'reflect-metadata',
  'rxjs',
];
const DEV_DEPENDENCIES = ['typescript', '@types/node', '@types/express', '@types/express-session', '@types/passport', '@types/passport-local'];

/** `^<version>` of a package as this repository has it installed (so `--prefer-offline` finds it in npm's cache). */
async function rangeOf(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
  return `^${manifest.version}`;
}

async function ranges(names: string[]): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await rangeOf(name)])));
}

/** Starts `node dist/main.js` in `cwd` and resolves with the URL it prints once listening. */
function startConsumer(cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/main.js'], { cwd, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The consumer app did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The consumer app exited (${code}):\n${output}`));
    });
  });
}

describe('the published package (npm pack)', () => {
  let workDir: string;
  let tarball: string;
  let packedFiles: string[];
  let consumer: ChildProcess | undefined;

  beforeAll(async () => {
    await run('npm', ['run', '--silent', 'build'], { cwd: ROOT });
    workDir = await mkdtemp(join(tmpdir(), 'nestjs-single-session-consumer-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', workDir, ...NPM_FLAGS], { cwd: ROOT });
    const [packed] = JSON.parse(stdout);
    tarball = join(workDir, packed.filename);
    packedFiles = packed.files.map((file: { path: string }) => file.path);
  }, 180_000);

  afterAll(async () => {
    consumer?.kill();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('holds the built library and its type declarations, package.json, README and LICENSE, nothing else', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
    for (const path of packedFiles) {
      expect(path).toMatch(/^(package\.json|README\.md|LICENSE|dist\/([\w-]+\/)?[\w.-]+\.(js|d\.ts))$/);
      expect(path).not.toMatch(/\.spec\.|e2e-spec|sample-app|(^|\/)test\//);
    }
    const modules = packedFiles.filter((path) => path.endsWith('.js'));
    for (const path of modules) expect(packedFiles).toContain(path.replace(/\.js$/, '.d.ts'));
  });

  it('installs into a fresh Nest 12 app that type-checks, starts, and evicts the older session over HTTP', async () => {
    const app = join(workDir, 'app');
    await cp(CONSUMER_SOURCES, app, { recursive: true });
    const manifest = {
      name: 'consumer-app',
      private: true,
      type: 'module',
      dependencies: { 'nestjs-single-session': `file:${tarball}`, ...(await ranges(DEPENDENCIES)) },
      devDependencies: await ranges(DEV_DEPENDENCIES),
    };
    await writeFile(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    await run('npm', ['install', ...NPM_FLAGS], { cwd: app, env: CLEAN_ENV, maxBuffer: 16 * 1024 * 1024 });

    const installed = JSON.parse(await readFile(join(app, 'node_modules/nestjs-single-session/package.json'), 'utf8'));
    expect(installed.name).toBe('nestjs-single-session');
    await run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app }).catch(
      (error: { stdout?: string }) => {
        throw new Error(`The consumer app does not type-check:\n${error.stdout}`);
      },
    );

    const started = await startConsumer(app);
    consumer = started.child;
    const laptop = new Browser(started.url);
    const phone = new Browser(started.url, 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) Version/18.5 Mobile Safari/604.1');
    expect((await laptop.post('/login', { username: 'alice', password: 'secret' })).status).toBe(200);
    expect((await laptop.get('/me')).body).toEqual({ username: 'alice', sessions: 1 });
    expect((await phone.post('/login', { username: 'alice', password: 'secret' })).status).toBe(200);

    const evicted = await laptop.get('/me');
    expect(evicted.status).toBe(401);
    expect(evicted.body).toMatchObject({ code: 'SESSION_EVICTED', reason: 'newer-login' });
    expect((await phone.get('/me')).body).toEqual({ username: 'alice', sessions: 1 });
  }, 600_000);
});
