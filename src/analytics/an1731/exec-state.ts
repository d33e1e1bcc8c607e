// App states in which the user cannot see what the app is doing.
export const HIDDEN_STATES: ReadonlySet<string> = new Set(['background', 'service', 'job', 'alarm', 'receiver', 'cached', 'stopped']);
