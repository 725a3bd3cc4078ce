import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppProcess } from './app-process.js';
import { APP_CPU, pin } from './cpu-pinning.js';
import { loadProtected, logIn } from './http-load.js';
import { SETTINGS } from './settings.js';

/** Where the module's own code lives in a stack frame's URL: the built package. */
const MODULE_CODE = /\/dist\/[\w.-]+\.js$/;

/** The module's own CPU time per request, by function, from a V8 CPU profile of the app under load. */
export interface ProfileBreakdown {
  /** Successful requests during the profiled load. */
  requests: number;
  /** All CPU time the profile saw, per request (µs): the app, express, Nest, the module — start-up and the 50 logins included. */
  totalMicrosPerRequest: number;
  /** The module's own functions' self time per request (µs). */
  moduleMicrosPerRequest: number;
  /** The module's functions with the most self time, µs per request, most first. */
  top: Array<{ name: string; micros: number }>;
}

/** One node of a `.cpuprofile`. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/**
 * Profiles the app of configuration (b) — the module with its in-memory store, sessions in
 * express-session's MemoryStore — on the protected route, with `node --cpu-prof`, and sums the
 * self time of the module's own functions (the built package's files) per request.
 */
export async function runProfileBench(log: (line: string) => void): Promise<ProfileBreakdown> {
  const dir = await mkdtemp(join(tmpdir(), 'single-session-profile-'));
  try {
    const app = await startAppProcess({ sessions: 'memory', tracker: 'memory' }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    pin(app.pid, APP_CPU);
    let requests = 0;
    try {
      const cookies = await Promise.all(Array.from({ length: SETTINGS.sessions }, (_, i) => logIn(app.url, `profiled-${i}`)));
      log(`profile: ${SETTINGS.profileSeconds} s of load on the protected route under --cpu-prof`);
      requests = (await loadProtected(app.url, cookies, SETTINGS.profileSeconds)).ok;
    } finally {
      await app.stop();
    }
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled app wrote no .cpuprofile');
    return breakdown(JSON.parse(await readFile(join(dir, file), 'utf8')), requests);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Self time per function of a profile, the module's own grouped by name and file. */
function breakdown(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, requests: number): ProfileBreakdown {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  let total = 0;
  const byFunction = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    total += micros;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const file = MODULE_CODE.exec(url)?.[0];
    if (!file || url.includes('node_modules')) continue;
    const name = `${functionName || '(anonymous)'} (${file.slice('/dist/'.length)}:${lineNumber + 1})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const perRequest = (micros: number) => micros / Math.max(1, requests);
  const own = [...byFunction.values()].reduce((sum, micros) => sum + micros, 0);
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, micros]) => ({ name, micros: perRequest(micros) }));
  return { requests, totalMicrosPerRequest: perRequest(total), moduleMicrosPerRequest: perRequest(own), top };
}

/** The breakdown as a report section. */
export function renderProfile(profile: ProfileBreakdown): string {
  const fixed = (value: number) => value.toFixed(2);
  return [
    '## Where the module\'s remaining cost per request goes (CPU profile)',
    '',
    `Configuration (b) — the module on its in-memory store, express-session's MemoryStore — under \`node --cpu-prof\`, ${profile.requests.toLocaleString('en')} requests on \`GET /me\` (50 sessions). Self time of the module's own functions (the built package's files), per request; the profile saw ${fixed(profile.totalMicrosPerRequest)} µs of CPU per request in all (start-up and the 50 logins included).`,
    '',
    `Module's own code: **${fixed(profile.moduleMicrosPerRequest)} µs per request**.`,
    '',
    '| Function (file:line) | µs / request |',
    '|---|---:|',
    ...profile.top.map(({ name, micros }) => `| \`${name}\` | ${fixed(micros)} |`),
    '',
  ].join('\n');
}
