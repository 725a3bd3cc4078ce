/** Machine-readable `code` of the 401 sent to a session that was signed out by this library. */
export const SESSION_EVICTED = 'SESSION_EVICTED';

/** Machine-readable `code` of the 403 sent to a login refused by the `'reject-new'` strategy. */
export const SESSION_LIMIT_REACHED = 'SESSION_LIMIT_REACHED';

/** Machine-readable `code` of the 503 sent under `onStoreError: 'deny'` while the store fails. */
export const SESSION_STORE_UNAVAILABLE = 'SESSION_STORE_UNAVAILABLE';

/** Machine-readable `code` of the 409 sent, under `strategy: 'choose'`, to a session that waits for its person to choose which session to sign out. */
export const SESSION_CHOICE_REQUIRED = 'SESSION_CHOICE_REQUIRED';
