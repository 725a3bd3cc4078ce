/**
 * One-shot: the module's in-memory store on its own (no Nest, no HTTP), one store per number of
 * accounts. Every account signs in once; then the accounts of each store sign in again in turn,
 * round-robin, each login evicting the account's previous session and moving the account to the
 * back of the store's least-recently-used order. After one untimed lap of the largest store (every
 * account has moved round), interleaved rounds time each store's calls.
 */
import { MemorySessionStorage, type Admission, type AdmissionRule } from 'nestjs-single-session';
import { fresh, randomId, USER_AGENT } from '../memory/guard-logins.js';
import { finishOneShot, oneShotInput } from '../one-shot.js';
import { rotate } from '../statistics.js';

/** What the run is asked for. */
export interface StoreScaleInput {
  /** Accounts of each store, fewest first. */
  sizes: number[];
  rounds: number;
  /** Timed logins per store in each round. */
  logins: number;
}

/** What the run measured: the process's CPU time (user + system) per call, µs, per store (as `sizes`), per round. */
export interface StoreScaleResults {
  sizes: number[];
  microsPerCall: number[][];
}

const DAY = 86_400_000;

/** The module's defaults: `memoryLimit` (accounts with live sessions kept) and `ttl`. */
const ACCOUNT_LIMIT = 1_000_000;
const TTL = DAY;

/** What `SessionRegistry.ruleFor` gives with `maxSessions: 1` and the default options. */
const RULE: AdmissionRule = { limit: 1, strategy: 'evict-oldest', choiceTimeout: 300_000, idleTimeout: 1_800_000, ttl: TTL, touchInterval: 60_000 };

/** Random bytes of a session's handle: 24 characters, as the module's (a hash of the session id, cut). */
const HANDLE_BYTES = 18;

/** A store, its number of accounts, and the account its next login goes to. */
interface Store {
  storage: MemorySessionStorage;
  size: number;
  next: number;
}

/** One call to time: the account's key and the login presented. */
type Login = [key: string, admission: Admission];

/**
 * The store's next `count` logins, round-robin over its accounts, each as the enforcer presents
 * a login: a new handle, expiring after the default token lifetime, the client's address and
 * user agent as new strings (as the HTTP parser makes them), under a new key string. Built
 * before they are timed, so that only the store's work is.
 */
function nextLogins(store: Store, count: number): Login[] {
  const logins: Login[] = [];
  for (let i = 0; i < count; i++) {
    const id = store.next;
    store.next = (id + 1) % store.size;
    // join() makes a flat key, as the module's accountKey does.
    const key = ['bench-store', ':account:', String(id)].join('');
    logins.push([key, { handle: randomId(HANDLE_BYTES), login: true, expiresAt: Date.now() + DAY, ip: fresh(`198.51.${(id >> 8) & 255}.${id & 255}`), userAgent: fresh(USER_AGENT) }]);
  }
  return logins;
}

/** Presents the logins to the store one after another; returns the process's CPU time per call, µs. */
async function timeLogins(store: Store, logins: Login[]): Promise<number> {
  const before = process.cpuUsage();
  for (const [key, admission] of logins) await store.storage.admit(key, admission, RULE);
  const { user, system } = process.cpuUsage(before);
  return (user + system) / logins.length;
}

const { sizes, rounds, logins } = oneShotInput<StoreScaleInput>();
const stores: Store[] = sizes.map((size) => ({ storage: new MemorySessionStorage(ACCOUNT_LIMIT, TTL), size, next: 0 }));
// First logins, then a warm-up lap of the largest store: every account has moved round at least once.
for (const store of stores) await timeLogins(store, nextLogins(store, store.size));
for (const store of stores) await timeLogins(store, nextLogins(store, Math.max(...sizes)));

const microsPerCall = stores.map((): number[] => []);
for (let round = 0; round < rounds; round++) {
  for (const i of rotate([...stores.keys()], round)) microsPerCall[i]!.push(await timeLogins(stores[i]!, nextLogins(stores[i]!, logins)));
}
finishOneShot({ sizes, microsPerCall } satisfies StoreScaleResults);
