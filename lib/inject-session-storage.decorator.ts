import { Inject } from '@nestjs/common';
import { SINGLE_SESSION_STORAGE } from './single-session.internal-constants.js';

/**
 * The injection token of the `SessionStorage` the tracker uses (time-limited by
 * `storeTimeout`): to reach it from your own providers, or to override it in tests
 * (`Test.createTestingModule(…).overrideProvider(getSessionStorageToken())`).
 */
export function getSessionStorageToken(): symbol {
  return SINGLE_SESSION_STORAGE;
}

/**
 * Injects the tracker's `SessionStorage`.
 *
 * @example
 * ```ts
 * constructor(@InjectSessionStorage() private readonly storage: SessionStorage) {}
 * ```
 */
export const InjectSessionStorage = (): PropertyDecorator & ParameterDecorator => Inject(SINGLE_SESSION_STORAGE);
