export { droidmonAdapter } from './adapter.js';
