import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUIET_NPM, run } from './commands.js';

/** The sources every consumer app shares: `src/`, written to load the same under CommonJS and ESM. */
const SOURCES = fileURLToPath(new URL('./consumer-app/src/', import.meta.url));

/** A fresh app as a NestJS CLI makes it, into which the packed package is installed. */
export interface ConsumerApp {
  /** Folder of `test/package/consumer-app/` holding its `package.json` and tsconfig files. */
  name: string;
  /** What it is, for test names. */
  title: string;
  /** The tsconfig files it must type-check with (each with `skipLibCheck: false`). */
  tsconfigs: string[];
}

/** The consumer matrix: Nest 11 as its CLI makes apps (CommonJS), and Nest 12 (ESM). */
export const CONSUMER_APPS: ConsumerApp[] = [
  {
    name: 'nest11-cjs',
    title: 'a Nest 11 CommonJS app (TypeScript 5.7, @nestjs/cache-manager 3, cache-manager 6)',
    tsconfigs: ['tsconfig.json', 'tsconfig.commonjs.json'],
  },
  {
    name: 'nest12-esm',
    title: 'a Nest 12 ESM app (TypeScript 5.9, @nestjs/cache-manager 12, cache-manager 7)',
    tsconfigs: ['tsconfig.json'],
  },
];

/**
 * Creates `consumer` in `workDir/<name>` with the package's `tarball` as a dependency and runs a
 * plain `npm install` there (no `--legacy-peer-deps`, no `--force`); resolves with the app's folder.
 */
export async function installConsumer(consumer: ConsumerApp, workDir: string, tarball: string): Promise<string> {
  const app = join(workDir, consumer.name);
  await cp(fileURLToPath(new URL(`./consumer-app/${consumer.name}/`, import.meta.url)), app, { recursive: true });
  await cp(SOURCES, join(app, 'src'), { recursive: true });
  const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8'));
  manifest.dependencies['nestjs-single-session'] = `file:${tarball}`;
  await writeFile(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  await run(`npm install in ${consumer.name}`, 'npm', ['install', ...QUIET_NPM], app);
  return app;
}

/**
 * Type-checks the installed `consumer` at `app` with its own TypeScript, once per tsconfig (side
 * by side), which also compiles it to `dist/`; resolves with `app`.
 */
export async function compileConsumer(consumer: ConsumerApp, app: string): Promise<string> {
  const tsc = join(app, 'node_modules/typescript/bin/tsc');
  await Promise.all(consumer.tsconfigs.map((tsconfig) => run(`tsc -p ${tsconfig}`, process.execPath, [tsc, '-p', tsconfig], app)));
  return app;
}
