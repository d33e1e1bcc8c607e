export { CoverageAccumulator } from './accumulator.js';
export { buildCoverage, type CoverageReport, type CoverageSummary, type DeviceCoverage } from './report.js';
export { formatCoverageTable } from './format-table.js';
export { formatCoverageHtml } from './format-html.js';
export { navigatorLayer, type NavigatorLayer } from './navigator.js';
export { kindsOf, K } from './kinds.js';
export { COMPONENTS } from './components.js';
