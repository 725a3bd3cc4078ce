import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the TypeScript so that Nest's decorator metadata (constructor injection) is emitted.
const plugins = [swc.vite({ module: { type: 'es6' } })];
const resolve = { alias: { 'nestjs-single-session': fileURLToPath(new URL('./lib/index.ts', import.meta.url)) } };
// The library's log lines, which many tests provoke on purpose, are captured rather than printed.
const setupFiles = ['test/support/quiet-library-logs.ts'];

export default defineConfig({
  test: {
    projects: [
      { plugins, resolve, test: { name: 'unit', include: ['lib/**/*.spec.ts'], setupFiles } },
      {
        plugins,
        resolve,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e-spec.ts'],
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
