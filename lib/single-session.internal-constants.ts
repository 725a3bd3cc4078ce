/** Injection token of the user's options as given to `forRoot` / `forRootAsync`. */
export const SINGLE_SESSION_MODULE_OPTIONS = Symbol('SINGLE_SESSION:MODULE_OPTIONS');

/** Injection token of the validated, normalised options. */
export const SINGLE_SESSION_OPTIONS = Symbol('SINGLE_SESSION:OPTIONS');

/** Injection token of the `SessionStorage` the tracker writes to. */
export const SINGLE_SESSION_STORAGE = Symbol('SINGLE_SESSION:STORAGE');

/** Injection token of the `SessionEventBus` that carries events between instances. */
export const SINGLE_SESSION_EVENT_BUS = Symbol('SINGLE_SESSION:EVENT_BUS');

/** Metadata key set by `@AllowMultiSession()`. */
export const ALLOW_MULTI_SESSION_KEY = 'SINGLE_SESSION:ALLOW_MULTI';

/** Field of a session's data (express-session, `@fastify/session`, `@fastify/secure-session`) where the library keeps its stamp. */
export const SESSION_STAMP_FIELD = 'singleSession';

/** Property of the execution context (one per request, shared by its guards) holding the id of the session already checked. */
export const CHECKED_SESSION = Symbol('SINGLE_SESSION:CHECKED');

/** Request property holding the end notice of the browser's previous session, for `@PreviousSessionEnd()`. */
export const PREVIOUS_SESSION_END = Symbol('SINGLE_SESSION:PREVIOUS_SESSION_END');
