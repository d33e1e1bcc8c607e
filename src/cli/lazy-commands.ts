// Each subcommand's module (and what it pulls in: the server, SQLite, the simulator…) is loaded
// only when that command runs: `detect` starts without parsing the rest (~0.1 s per run).
type Run = (argv: string[]) => Promise<number>;

export const detectCommand: Run = async (a) => (await import('./detect-command.js')).detectCommand(a);
export const policyCommand: Run = async (a) => (await import('./policy-command.js')).policyCommand(a);
export const simulateCommand: Run = async (a) => (await import('./simulate-command.js')).simulateCommand(a);
export const evalCommand: Run = async (a) => (await import('./eval-command.js')).evalCommand(a);
export const convertCommand: Run = async (a) => (await import('./convert-command.js')).convertCommand(a);
export const collectCommand: Run = async (a) => (await import('./collect-command.js')).collectCommand(a);
export const serveCommand: Run = async (a) => (await import('./serve-command.js')).serveCommand(a);
export const tokenCommand: Run = async (a) => (await import('./token-command.js')).tokenCommand(a);
export const coverageCommand: Run = async (a) => (await import('./coverage-command.js')).coverageCommand(a);
export const evidenceCommand: Run = async (a) => (await import('./evidence-command.js')).evidenceCommand(a);
export const exportCommand: Run = async (a) => (await import('./export-command.js')).exportCommand(a);
export const reportCommand: Run = async (a) => (await import('./report-command.js')).reportCommand(a);
export const baselineCommand: Run = async (a) => (await import('./baseline-command.js')).baselineCommand(a);
export const inventoryCommand: Run = async (a) => (await import('./inventory-command.js')).inventoryCommand(a);
export const publishCommand: Run = async (a) => (await import('./publish-command.js')).publishCommand(a);
export const workerCommand: Run = async (a) => (await import('./worker-command.js')).workerCommand(a);
export const alertsCommand: Run = async (a) => (await import('./alerts-command.js')).alertsCommand(a);
export const statusCommand: Run = async (a) => (await import('./status-command.js')).statusCommand(a);
export const dbCommand: Run = async (a) => (await import('./db-command.js')).dbCommand(a);
