export { readAlerts, parseAlertLine, type ReadAlertsResult } from './read-alerts.js';
export { readLabels, parseLabels, type LabelsResult } from './read-labels.js';
export { evaluate, type EvaluateOptions } from './evaluate.js';
export { formatEvalTable, formatEvalMarkdown } from './format-eval.js';
export type { EvalReport, ScenarioResult, OverallResult, UnlabelledAlert, AlertCounts, LabelRef } from './eval-report.js';
export { formatCompareTable, formatCompareMarkdown, type EvalComparison } from './format-compare.js';
