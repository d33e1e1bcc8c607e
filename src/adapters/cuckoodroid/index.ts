export { cuckoodroidAdapter } from './adapter.js';
