import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchAppOptions } from './app/bench-app-options.js';
import { startAppProcess } from './app-process.js';
import { APP_CPU, pin } from './cpu-pinning.js';
import { loadLogin, loadProtected, logIn, type LoadResult } from './http-load.js';
import { signedMicros } from './module-cost.js';
import { fixed } from './report-format.js';
import { SETTINGS } from './settings.js';

/** Where the module's own code lives in a stack frame's URL: the built package's files, its subfolders' (the session adapters) included. */
const MODULE_CODE = /\/dist\/(?:[\w.-]+\/)*[\w.-]+\.js$/;

/** The nodes V8 gives the time it spends collecting garbage, and the time the thread waits for work (not CPU time). */
const GARBAGE_COLLECTOR = '(garbage collector)';
const IDLE = '(idle)';

/** Seconds of untimed login load before the profiled logins are timed (JIT warm-up); still in the profile. */
const LOGIN_WARM_UP_SECONDS = 1;

/** Functions listed, most time first: for requests, for logins. */
const TOP_REQUEST_FUNCTIONS = 10;
const TOP_LOGIN_FUNCTIONS = 12;

/** The configurations profiled: (a) no module, (b) the module on its in-memory store; both with express-session's MemoryStore. */
const WITHOUT_MODULE: BenchAppOptions = { sessions: 'memory', tracker: 'none' };
const WITH_MODULE: BenchAppOptions = { sessions: 'memory', tracker: 'memory' };

/** What a V8 CPU profile of the app under load saw, per operation (a request, a login), µs. */
export interface ProfileTotals {
  /** The operations the profile's time is divided by. */
  operations: number;
  /** All CPU time the profile saw, per operation: the app, express, Nest, the module, the garbage collector, start-up included; not its `(idle)` samples. */
  totalMicros: number;
  /** The garbage collector's self time, per operation. */
  garbageMicros: number;
}

/** The module's CPU time per operation, by function, from a V8 CPU profile of the app under load. */
export interface ProfileBreakdown extends ProfileTotals {
  /** The module's time per operation (µs): its functions' self time, or with their callees' (see `Attribution`). */
  moduleMicros: number;
  /** The module's functions with the most time, µs per operation, most first. */
  top: Array<{ name: string; micros: number }>;
}

/** The profile section's results: the protected route of (b); logins of (a) and (b). */
export interface ProfileResults {
  /** (b) on the protected route, the module's self time per request. */
  requests: ProfileBreakdown;
  /** (a) and (b) on the login load; (b)'s time by the innermost module frame of each sample, and its module functions' self time alone (µs per login). */
  logins: { withoutModule: ProfileTotals; withModule: ProfileBreakdown; moduleSelfMicros: number };
}

/**
 * How a sample's time goes to the module's functions: `self`, only the samples whose own frame
 * is module code; `callees`, every sample to the innermost module frame on its stack (its own,
 * else its nearest module-code ancestor), so that the Node and library code a module function
 * calls (hashing, a session store's `set`) counts to that function — except the store's own
 * method that one of the module's wrappers hands the app's own call to (see `isPassedOn`).
 */
type Attribution = 'self' | 'callees';

/** A `.cpuprofile`, as `node --cpu-prof` writes it. */
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One node of a `.cpuprofile`. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * Profiles, with `node --cpu-prof`, the app of configuration (b) — the module with its in-memory
 * store, sessions in express-session's MemoryStore — on the protected route, and sums the self
 * time of the module's own functions (the built package's files) per request; then profiles
 * the apps of (a) (no module) and (b) on the login load, one after the other, and attributes
 * (b)'s time to the module's functions with their callees, per login.
 */
export async function runProfileBench(log: (line: string) => void): Promise<ProfileResults> {
  const requests = await profileApp(WITH_MODULE, async (url) => {
    const cookies = await Promise.all(Array.from({ length: SETTINGS.sessions }, (_, i) => logIn(url, `profiled-${i}`)));
    log(`profile: ${SETTINGS.profileSeconds} s of load on the protected route under --cpu-prof`);
    return succeeded(await loadProtected(url, cookies, SETTINGS.profileSeconds));
  });
  const logins = (options: BenchAppOptions, label: string) =>
    profileApp(options, async (url) => {
      const accounts = Array.from({ length: SETTINGS.loginAccounts }, (_, i) => `profiled-login-${i}`);
      for (const account of accounts) await logIn(url, account);
      const warmUp = succeeded(await loadLogin(url, accounts, LOGIN_WARM_UP_SECONDS));
      log(`profile: ${SETTINGS.profileSeconds} s of login load under --cpu-prof: ${label}`);
      return accounts.length + warmUp + succeeded(await loadLogin(url, accounts, SETTINGS.profileSeconds));
    });
  const withoutModule = await logins(WITHOUT_MODULE, '(a) no module');
  const withModule = await logins(WITH_MODULE, '(b) module');
  return {
    requests: breakdown(requests.profile, requests.operations, 'self', TOP_REQUEST_FUNCTIONS),
    logins: {
      withoutModule: breakdown(withoutModule.profile, withoutModule.operations, 'self', 0),
      withModule: breakdown(withModule.profile, withModule.operations, 'callees', TOP_LOGIN_FUNCTIONS),
      moduleSelfMicros: breakdown(withModule.profile, withModule.operations, 'self', 0).moduleMicros,
    },
  };
}

/**
 * Starts the app of `options` under `node --cpu-prof`, pinned like the other apps, runs `load`
 * on it (which returns the operations to divide the profile's time by), stops it and returns
 * the profile it wrote.
 */
async function profileApp(options: BenchAppOptions, load: (url: string) => Promise<number>): Promise<{ profile: CpuProfile; operations: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'single-session-profile-'));
  try {
    const app = await startAppProcess(options, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    pin(app.pid, APP_CPU);
    let operations = 0;
    try {
      operations = await load(app.url);
    } finally {
      await app.stop();
    }
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the profiled app wrote no .cpuprofile');
    return { profile: JSON.parse(await readFile(join(dir, file), 'utf8')), operations };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The successful responses of a load; throws if any failed. */
function succeeded(load: LoadResult): number {
  if (load.failed > 0) throw new Error(`${load.failed} requests failed during a profiled load`);
  return load.ok;
}

/**
 * A profile's time per operation: all of it but its idle samples, the garbage collector's, and the module's by
 * function (grouped by name and file, `attribution` deciding which samples count to which), the
 * `top` most first.
 */
function breakdown(profile: CpuProfile, operations: number, attribution: Attribution, top: number): ProfileBreakdown {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const isModuleCode = (id: number | undefined) => id !== undefined && moduleFunction(nodes.get(id)!) !== undefined;
  const owners = new Map<number, string | undefined>();
  /** The module function a node's samples count to, if any (memoized: a stack's nodes share their ancestors). */
  const ownerOf = (id: number): string | undefined => {
    if (owners.has(id)) return owners.get(id);
    const node = nodes.get(id)!;
    const parent = parents.get(id);
    let owner = moduleFunction(node);
    if (owner === undefined && attribution === 'callees' && parent !== undefined) {
      const passedOn = isModuleCode(parent) && !isModuleCode(parents.get(parent)) && isPassedOn(nodes.get(parent)!, node);
      if (!passedOn) owner = ownerOf(parent);
    }
    owners.set(id, owner);
    return owner;
  };
  let total = 0;
  let garbage = 0;
  const byFunction = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const { functionName } = nodes.get(id)!.callFrame;
    if (functionName === IDLE) return;
    total += micros;
    if (functionName === GARBAGE_COLLECTOR) garbage += micros;
    const owner = ownerOf(id);
    if (owner) byFunction.set(owner, (byFunction.get(owner) ?? 0) + micros);
  });
  const perOperation = (micros: number) => micros / Math.max(1, operations);
  const own = [...byFunction.values()].reduce((sum, micros) => sum + micros, 0);
  return {
    operations,
    totalMicros: perOperation(total),
    garbageMicros: perOperation(garbage),
    moduleMicros: perOperation(own),
    top: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, micros]) => ({ name, micros: perOperation(micros) })),
  };
}

/**
 * Whether `callee`, not module code, is the method that `wrapper`, module code called from
 * outside the module, stands in for: `SessionRegistry` puts its own functions in place of the
 * session store's `set`, `destroy` and `regenerate` (V8 names them `store.set`, …), and when
 * express-session calls one for the app's own save or regenerate, what the store's own method
 * (`set`, `Store.regenerate`) then does is the app's work, which (a) does too, not the module's.
 */
function isPassedOn(wrapper: ProfileNode, callee: ProfileNode): boolean {
  const method = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  const name = wrapper.callFrame.functionName;
  return name.includes('.') && method(name) === method(callee.callFrame.functionName);
}

/** A node's function as `name (file:line)` when it is the module's own code (the built package, not node_modules). */
function moduleFunction({ callFrame: { functionName, url, lineNumber } }: ProfileNode): string | undefined {
  const file = MODULE_CODE.exec(url)?.[0];
  if (!file || url.includes('node_modules')) return undefined;
  return `${functionName || '(anonymous)'} (${file.slice('/dist/'.length)}:${lineNumber + 1})`;
}

/** The results as report sections: where the module's cost per request goes, and per login. */
export function renderProfile(profile: ProfileResults): string {
  return [renderRequestProfile(profile.requests), renderLoginProfile(profile.logins)].join('\n');
}

/** The function table of a breakdown, µs per `unit`. */
function topTable(profile: ProfileBreakdown, unit: string): string[] {
  return [`| Function (file:line) | µs / ${unit} |`, '|---|---:|', ...profile.top.map(({ name, micros }) => `| \`${name}\` | ${fixed(micros, 2)} |`)];
}

/** The protected route's breakdown: the module's own functions' self time per request. */
function renderRequestProfile(profile: ProfileBreakdown): string {
  return [
    '## Where the module\'s remaining cost per request goes (CPU profile)',
    '',
    `Configuration (b) — the module on its in-memory store, express-session's MemoryStore — under \`node --cpu-prof\`, ${profile.operations.toLocaleString('en')} requests on \`GET /me\` (50 sessions). Self time of the module's own functions (the built package's files), per request; the profile saw ${fixed(profile.totalMicros, 2)} µs of CPU per request in all (start-up and the 50 logins included).`,
    '',
    `Module's own code: **${fixed(profile.moduleMicros, 2)} µs per request**.`,
    '',
    ...topTable(profile, 'request'),
    '',
  ].join('\n');
}

/** The login breakdown: (b)'s time per login by innermost module frame, and both apps' totals and garbage collection. */
function renderLoginProfile({ withoutModule: a, withModule: b, moduleSelfMicros }: ProfileResults['logins']): string {
  const row = (label: string, pick: (totals: ProfileTotals) => number) => `| ${label} | ${fixed(pick(a), 2)} | ${fixed(pick(b), 2)} | ${signedMicros(pick(b) - pick(a), 2)} |`;
  const more = b.totalMicros - a.totalMicros;
  const moreGarbage = b.garbageMicros - a.garbageMicros;
  return [
    '## Where the module\'s cost per login goes (CPU profile)',
    '',
    `Configurations (a) — no module — and (b) — the module on its in-memory store — both with express-session's MemoryStore, each under \`node --cpu-prof\` in its own process, one after the other, on the login load of "Login": ${SETTINGS.loginAccounts} accounts, each signed in once first, then ${LOGIN_WARM_UP_SECONDS} s of untimed logins and ${SETTINGS.profileSeconds} s of timed ones cycling through them, so that with the module every login after the first of its account evicts the previous session. Each profile's time is all of it — start-up, the set-up and warm-up logins included; its \`(idle)\` samples, the app waiting for work, left out — divided by all the logins it saw (set-up, warm-up and timed): ${a.operations.toLocaleString('en')} in (a), ${b.operations.toLocaleString('en')} in (b).`,
    '',
    `In (b), every sample counts to the innermost module frame on its stack — its own frame if it is the module's code (the built package's files), else its nearest caller that is — so that what a module function calls in Node or in libraries (hashing, \`Map\` operations, express-session's store \`set\` when it signs the evicted session out) counts to it; samples with no module frame on their stack (express, Nest, passport, the garbage collector) count to none. One exception: the module puts its own functions in place of the session store's \`set\`, \`destroy\` and \`regenerate\`, and when express-session calls one of them for the app's own save or regenerate, the store's own method it hands the call to counts to none (the app does that work without the module too); the wrapper's own time counts. Module's code with its callees: **${fixed(b.moduleMicros, 2)} µs per login** (its functions' self time alone: ${fixed(moduleSelfMicros, 2)} µs).`,
    '',
    ...topTable(b, 'login'),
    '',
    "The whole profile, and the garbage collector's self time in it, per login:",
    '',
    '| µs / login | (a) no module | (b) module | (b) − (a) |',
    '|---|---:|---:|---:|',
    row('All CPU the profile saw', (totals) => totals.totalMicros),
    row('`(garbage collector)`, self time', (totals) => totals.garbageMicros),
    row('Everything else', (totals) => totals.totalMicros - totals.garbageMicros),
    '',
    `In these profiles (b) costs ${signedMicros(more, 2)} µs per login over (a), of which the garbage collector's self time ${signedMicros(moreGarbage, 2)} µs${more > 0 && moreGarbage > 0 ? ` (${fixed((moreGarbage / more) * 100, 0)} %)` : ''}: a collection has a stack of its own in a profile, so this time counts to none of the module's functions above, though part of what it collects is theirs. The module's code with its callees is ${fixed(b.moduleMicros, 2)} µs of (b)'s time per login; the rest of the difference, ${signedMicros(more - moreGarbage - b.moduleMicros, 2)} µs, is in code both apps run (express, Nest, passport, Node's HTTP server), in start-up (spread over fewer logins in the app that made fewer), and in the difference between two single runs.`,
    '',
    'A sampling profiler attributes time approximately (one sample about every millisecond, each charged with the time since the last one, so time the app loses to other processes on its core counts too), and `--cpu-prof` itself adds overhead: the profiles\' CPU per login is higher than the app CPU per login of the unprofiled runs in "Login", and one profile per app is one draw of the garbage collections that fall in it, which vary from run to run.',
    '',
  ].join('\n');
}
