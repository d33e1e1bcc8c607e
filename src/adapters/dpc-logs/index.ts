export { dpcLogsAdapter } from './adapter.js';
