// ATT&CK Navigator layer (layer format 4.5, mobile-attack) scoring T1521.001 with the coverage %.
import type { CoverageReport } from './report.js';

export interface NavigatorLayer {
  name: string;
  versions: { attack: string; navigator: string; layer: string };
  domain: 'mobile-attack';
  description: string;
  filters: { platforms: string[] };
  sorting: number;
  layout: { layout: string; aggregateFunction: string; showID: boolean; showName: boolean; showAggregateScores: boolean; countUnscored: boolean };
  hideDisabled: boolean;
  techniques: { techniqueID: string; tactic?: string; score?: number; color: string; comment: string; enabled: boolean; metadata: { name: string; value: string }[]; links: { label: string; url: string }[]; showSubtechniques: boolean }[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  metadata: { name: string; value: string }[];
  links: { label: string; url: string }[];
  showTechniqueCount: boolean;
  selectTechniquesAcrossTactics: boolean;
  selectSubtechniquesWithParent: boolean;
  selectVisibleTechniques: boolean;
}

export function navigatorLayer(r: CoverageReport): NavigatorLayer {
  const s = r.summary;
  const blind = s.facets.filter((f) => f.blind_devices > 0).map((f) => `${f.facet} blind on ${f.percent}% of devices`);
  const comment = `AN1731 coverage ${s.coverage_score}% over ${s.devices} device(s); ${blind.length ? blind.join('; ') : 'no blind facets'}`;
  return {
    name: 'ciphertrail AN1731 telemetry coverage',
    versions: { attack: '18', navigator: '4.9.1', layer: '4.5' },
    domain: 'mobile-attack',
    description: 'Share of the AN1731 facets the fleet\'s telemetry can show (ciphertrail coverage).',
    filters: { platforms: ['Android'] },
    sorting: 0,
    layout: { layout: 'side', aggregateFunction: 'average', showID: true, showName: true, showAggregateScores: false, countUnscored: false },
    hideDisabled: false,
    techniques: [
      {
        techniqueID: 'T1521.001', tactic: 'command-and-control', score: s.coverage_score, color: '', comment, enabled: true,
        metadata: [
          { name: 'analytic', value: 'AN1731 (DET0650)' },
          { name: 'devices', value: String(s.devices) },
          { name: 'fully visible devices', value: String(s.fully_visible_devices) },
          ...s.components.map((c) => ({ name: `${c.id} ${c.name}`, value: `${c.percent}% of devices` })),
        ],
        links: [{ label: 'AN1731', url: 'https://attack.mitre.org/detectionstrategies/DET0650#AN1731' }],
        showSubtechniques: false,
      },
      { techniqueID: 'T1521', tactic: 'command-and-control', color: '', comment: 'parent of T1521.001', enabled: true, metadata: [], links: [], showSubtechniques: true },
    ],
    gradient: { colors: ['#ff6666ff', '#ffe766ff', '#8ec843ff'], minValue: 0, maxValue: 100 },
    legendItems: [],
    metadata: [
      { name: 'generator', value: 'ciphertrail coverage' },
      { name: 'events', value: String(s.events) },
      ...(s.first_ts !== null && s.last_ts !== null ? [{ name: 'span', value: `${new Date(s.first_ts).toISOString()} .. ${new Date(s.last_ts).toISOString()}` }] : []),
    ],
    links: [],
    showTechniqueCount: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
  };
}
