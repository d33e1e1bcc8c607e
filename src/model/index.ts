export * from './event.js';
export * from './alert.js';
export * from './issue.js';
export * from './policy.js';
export * from './labels.js';
