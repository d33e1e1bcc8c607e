export { droidboxAdapter } from './adapter.js';
