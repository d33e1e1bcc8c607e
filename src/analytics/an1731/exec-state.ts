// App states in which the user cannot see what the app is doing.
export const HIDDEN_STATES: ReadonlySet<string> = new Set(['background', 'service', 'job', 'alarm', 'receiver', 'cached', 'stopped']);

/** no interaction for this long counts as "the user is not there" */
export const IDLE_MS = 5 * 60_000;
