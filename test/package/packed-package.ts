import { join } from 'node:path';
import { QUIET_NPM, run } from './commands.js';

/** The package as `npm pack` made it. */
export interface PackedPackage {
  /** Path of the `.tgz`. */
  tarball: string;
  /** Paths inside the tarball, relative to its root. */
  files: string[];
}

/** Packs the package at `root` (already built: `npm run build`) into `destination`. */
export async function packPackage(root: string, destination: string): Promise<PackedPackage> {
  const stdout = await run('npm pack', 'npm', ['pack', '--json', '--pack-destination', destination, ...QUIET_NPM], root);
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}
