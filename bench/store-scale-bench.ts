import { runOneShot } from './one-shot.js';
import { SETTINGS } from './settings.js';
import type { StoreScaleInput, StoreScaleResults } from './store-scale/store-logins.js';

/**
 * Issue 14's scale check of the in-memory store: evicting logins on stores of `storeSizes`
 * accounts, timed in interleaved rounds, in a fresh process (see store-scale/store-logins.ts).
 */
export function runStoreScaleBench(log: (line: string) => void): Promise<StoreScaleResults> {
  const input: StoreScaleInput = { sizes: SETTINGS.storeSizes, rounds: SETTINGS.storeRounds, logins: SETTINGS.storeLogins };
  log(`store scale: ${input.rounds} rounds of ${input.logins.toLocaleString('en')} logins on stores of ${input.sizes.map((size) => size.toLocaleString('en')).join(' and ')} accounts`);
  return runOneShot<StoreScaleResults>(new URL('./store-scale/store-logins.js', import.meta.url), input);
}
