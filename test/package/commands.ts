import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** npm's flags for the tests' installs: reuse npm's cache, no audit or funding chatter, errors only. */
export const QUIET_NPM = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** The environment without the `npm_*` variables of an enclosing `npm test`, which would point npm back at this repository. */
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

/**
 * Runs `file` with `args` in `cwd` and resolves with its standard output; rejects with an error
 * that says what failed, with everything the command printed.
 */
export async function run(what: string, file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(file, args, { cwd, env: CLEAN_ENV, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${what} failed (${file} ${args.join(' ')} in ${cwd}):\n${stdout}${stderr}`);
  }
}
