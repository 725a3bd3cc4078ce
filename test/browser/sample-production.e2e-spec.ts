import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The environment of `npm start` on a server: nothing of this test run's own settings. */
const BASE_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !['NODE_ENV', 'SESSION_SECRET', 'TRUST_PROXY', 'REDIS_URL', 'PORT', 'HOST'].includes(name)),
);

/** `node sample-app/dist/main.js` with these variables: its output so far, its exit code once it exits, its URL once it listens. */
function startBuiltSample(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['sample-app/dist/main.js'], { cwd: ROOT, env: { ...BASE_ENV, PORT: '0', ...env } });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk) => (output.stdout += chunk));
  child.stderr!.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /running at (http:\/\/\S+)/.exec(output.stdout);
      if (match) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`the sample exited (${code}): ${output.stderr}`)));
  });
  url.catch(() => undefined); // a sample that is meant to exit never listens: only the tests that await `url` see that
  return { child, output, exited, url };
}

describe('the built sample app (npm start) with NODE_ENV=production', () => {
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', '--silent', 'build:sample'], { cwd: ROOT });
  }, 120_000);
  afterAll(() => {
    for (const child of running) child.kill();
  });

  it('refuses to start without SESSION_SECRET, saying so in one line', async () => {
    for (const secret of [undefined, '']) {
      const sample = startBuiltSample({ NODE_ENV: 'production', ...(secret === undefined ? {} : { SESSION_SECRET: secret }) });
      running.push(sample.child);
      expect(await sample.exited).toBe(1);
      expect(sample.output.stdout).toBe('');
      expect(sample.output.stderr).toMatch(/^SESSION_SECRET is not set: with NODE_ENV=production .*openssl rand -hex 32.*\n$/);
      expect(sample.output.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('starts with a secret; its cookies are Secure when the request came over HTTPS through the trusted proxy', async () => {
    const sample = startBuiltSample({ NODE_ENV: 'production', SESSION_SECRET: 'a-long-random-production-secret', TRUST_PROXY: 'loopback' });
    running.push(sample.child);
    const url = await sample.url;
    const sessionCookie = async (headers: Record<string, string>) => {
      const response = await fetch(`${url}/login`, { headers });
      expect(response.status).toBe(200);
      return response.headers.getSetCookie().find((cookie) => cookie.startsWith('sample.sid='));
    };
    expect(await sessionCookie({ 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
    expect(await sessionCookie({})).not.toMatch(/; Secure/);
  });
});
