export { andropytoolAdapter, droidboxLogcatAdapter } from './adapter.js';
