// AndroPyTool's outputs: `--from andropytool` (<name>-analysis.json) and `--from droidbox-logcat`
// (the raw DroidBox logcat AndroPyTool and DroidBox keep).
import type { Adapter } from '../adapter.js';
import { convertAndroPyTool, sniffAndroPyTool } from './analysis-json.js';
import { convertDroidboxLogcat, sniffDroidboxLogcat } from './droidbox-logcat-convert.js';

export const andropytoolAdapter: Adapter = {
  name: 'andropytool',
  description: "AndroPyTool <name>-analysis.json (DroidBox under Dynamic_analysis.Droidbox, package from Static_analysis)",
  sniff: sniffAndroPyTool,
  convert: convertAndroPyTool,
};

export const droidboxLogcatAdapter: Adapter = {
  name: 'droidbox-logcat',
  description: 'raw DroidBox logcat: "DroidBox: {json}" lines among other logcat output; time from the logcat prefix when present',
  sniff: sniffDroidboxLogcat,
  convert: convertDroidboxLogcat,
};
