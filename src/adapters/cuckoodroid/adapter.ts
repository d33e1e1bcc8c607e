// The CuckooDroid adapter: `--from cuckoodroid`.
import type { Adapter } from '../adapter.js';
import { sniffCuckoodroid } from './sniff.js';
import { convertCuckoodroid } from './convert.js';

export const cuckoodroidAdapter: Adapter = {
  name: 'cuckoodroid',
  description: 'CuckooDroid 2.0 report.json (droidmon hooks per thread, apkinfo, network); time synthesized from call order',
  sniff: sniffCuckoodroid,
  convert: convertCuckoodroid,
};
