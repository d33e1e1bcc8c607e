// `export --to`: the AN1731 correlation for other engines, from one spec.
import type { Policy } from '../model/index.js';
import { chainSpec } from './chain-spec.js';
import { renderSigma } from './sigma.js';
import { renderEql } from './eql.js';
import { renderKql } from './kql.js';
import { renderSpl } from './spl.js';
import type { Target } from './field-map.js';

export const TARGETS: readonly Target[] = ['sigma', 'eql', 'kql', 'spl'];
export type { Target };
export { chainSpec } from './chain-spec.js';
export { sigmaDocs } from './sigma.js';
export { FIELD_MAP } from './field-map.js';

export function exportRules(to: Target, policy: Policy): string {
  const s = chainSpec(policy);
  switch (to) {
    case 'sigma': return renderSigma(s);
    case 'eql': return renderEql(s);
    case 'kql': return renderKql(s);
    case 'spl': return renderSpl(s);
  }
}

export const CONTENT_TYPES: Record<Target, string> = {
  sigma: 'application/yaml; charset=utf-8', eql: 'text/plain; charset=utf-8', kql: 'text/plain; charset=utf-8', spl: 'text/plain; charset=utf-8',
};
