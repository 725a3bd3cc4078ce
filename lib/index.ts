export { SingleSessionModule } from './single-session.module.js';
export { SingleSessionGuard, type RequestResponse } from './single-session.guard.js';
export { SessionTrackerService, type LoginRegistration } from './session-tracker.service.js';
export { AllowMultiSession } from './allow-multi-session.decorator.js';
export { PreviousSessionEnd } from './previous-session-end.decorator.js';
export type { SessionRefusal } from './session-end-exceptions.js';
export { SessionEvictedException, SESSION_EVICTED_MESSAGES } from './session-evicted.exception.js';
export { SessionLimitExceededException, SESSION_LIMIT_REACHED_MESSAGE } from './session-limit-exceeded.exception.js';
export { SessionChoiceRequiredException, SESSION_CHOICE_REQUIRED_MESSAGE } from './session-choice-required.exception.js';
export { SessionStoreUnavailableException } from './session-store-unavailable.exception.js';
export { SingleSessionConfigError } from './single-session-config.error.js';
export { CacheSessionStorage } from './cache-session-storage.js';
export { MemorySessionStorage } from './memory-session-storage.js';
export { RedisSessionStorage } from './redis-session-storage.js';
export type { IoRedisClientLike, NodeRedisClientLike, RedisClientLike } from './redis-clients.js';
export { redisStorage } from './session-storage.providers.js';
export { getSessionStorageToken, InjectSessionStorage } from './inject-session-storage.decorator.js';
export type { SessionStoreLike } from './server-session.js';
export { SESSION_CHOICE_REQUIRED, SESSION_EVICTED, SESSION_LIMIT_REACHED, SESSION_STORE_UNAVAILABLE } from './single-session.constants.js';
export type {
  DeviceClassifier,
  MaxSessions,
  SessionLimits,
  SingleSessionModuleAsyncOptions,
  SingleSessionModuleOptions,
  SingleSessionOptionsFactory,
  SingleSessionStrategy,
  StoreErrorPolicy,
} from './single-session-options.interface.js';
export type {
  SessionChoice,
  SessionEndNotice,
  SessionEndReason,
  SessionEvent,
  SessionInfo,
  StoredSession,
} from './session-record.interface.js';
export {
  FUTURE_LOGIN_TOLERANCE,
  type Admission,
  type AdmissionResult,
  type AdmissionRule,
  type EndedSession,
  type EndRequest,
  type EndSelection,
  type SessionStorage,
} from './session-storage.interface.js';
