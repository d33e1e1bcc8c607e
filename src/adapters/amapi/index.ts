export { amapiAdapter } from './adapter.js';
