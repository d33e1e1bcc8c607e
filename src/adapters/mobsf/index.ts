export { mobsfAdapter } from './adapter.js';
