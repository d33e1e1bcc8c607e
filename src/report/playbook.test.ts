import { describe, expect, test } from 'vitest';
import { buildReport } from './build-report.js';
import type { PlaybookStep } from './model.js';
import { goldenAlert, goldenAlerts } from './fixtures.test-util.js';

const steps = (scenario: string, i = 0): PlaybookStep[] => buildReport(goldenAlerts(scenario)[i]).playbook;
const text = (ps: PlaybookStep[]) => ps.map((s) => `${s.phase}|${s.role}|${s.action}`).join('\n');
const PHASES = ['contain', 'investigate', 'eradicate', 'recover', 'notify'];

describe('playbook tailored to the alert', () => {
  test('ordered by phase, numbered 1..n, every step with a role and a reason', () => {
    for (const s of ['ermac-aes-cbc-ip', 'repackaged-clone', 'shared-key-fleet', 'lightspy-aes-ecb-staged']) {
      const ps = steps(s);
      expect(ps.map((p) => p.order)).toEqual(ps.map((_, i) => i + 1));
      const idx = ps.map((p) => PHASES.indexOf(p.phase));
      expect(idx).toEqual([...idx].sort((x, y) => x - y));
      expect(new Set(ps.map((p) => p.phase))).toEqual(new Set(PHASES));
      for (const p of ps) expect(p.why.length).toBeGreaterThan(0);
    }
  });

  test('bare IP: block by IP; credentials: rotate tokens; SMS and contacts: privacy notice by DPO/legal', () => {
    const t = text(steps('ermac-aes-cbc-ip'));
    expect(t).toMatch(/contain\|network team\|Block by IP at the egress firewall and VPN: 203\.0\.113\.77:80/);
    expect(t).not.toMatch(/Block the destinations at DNS/);
    expect(t).toMatch(/recover\|app owner\|Rotate what the device held: passwords, session and OAuth tokens/);
    expect(t).toMatch(/notify\|DPO\/legal\|Assess a personal-data breach: contacts and sms of the device user and of third parties \(the people in contacts and sms\)/);
    expect(t).toMatch(/Find the literal key in the APK by its fingerprint 34a0ade3708ab8fdc1d88d9344379b03/);
    expect(t).toMatch(/installs from unknown sources/); // sideloaded
  });

  test('repackaged clone: block by signer, keep the genuine domain, reinstall the genuine app', () => {
    const t = text(steps('repackaged-clone'));
    expect(t).toMatch(/Block the package com\.example\.notes signed by 12b9cc36ce65… only/);
    expect(t).toMatch(/Block the destinations at DNS and the web proxy: notes-cdn-sync\.top\./);
    expect(t).toMatch(/Do not block sync\.examplenotes\.com/);
    expect(t).toMatch(/eradicate\|app owner\|Reinstall the genuine com\.example\.notes/);
    expect(t).toMatch(/Watch for the beacon to notes-cdn-sync\.top:443/);
    // not a clone: no clone steps
    expect(text(steps('ermac-aes-cbc-ip'))).not.toMatch(/genuine/);
  });

  test('hard-coded key on several devices: fleet hunt by key fingerprint, removal everywhere', () => {
    const ps = steps('shared-key-fleet');
    const hunt = ps.find((p) => p.action.startsWith('Hunt the fleet'))!;
    expect(hunt.action).toMatch(/key fingerprint 41c182470f43…/);
    expect(hunt.why).toMatch(/same key was seen on 3 devices: hard-coded/);
    expect(text(ps)).toMatch(/from every device found by the hunt/);
    // location and contacts are personal data: privacy notice; device_info alone would not be
    expect(text(ps)).toMatch(/DPO\/legal\|Assess a personal-data breach: contacts and location/);
  });

  test('missing telemetry: collect it before removal; no personal data: no notification expected', () => {
    const a = goldenAlert('ermac-aes-cbc-ip');
    const b = {
      ...a, missing: ['background' as const], facets: { ...a.facets, background: undefined },
      exposure: { ...a.exposure, data_categories: ['device_info'] },
    };
    delete (b.facets as Record<string, unknown>).background;
    const t = text(buildReport(b).playbook);
    expect(t).toMatch(/Collect the telemetry that was missing \(background\)/);
    expect(t).toMatch(/no personal or credential data category was seen/);
    expect(t).not.toMatch(/Rotate what the device held/);
  });
});

test('staged files: copy them before removal', () => {
  const ps = buildReport(goldenAlert('lightspy-aes-ecb-staged')).playbook;
  const copy = ps.find((p) => p.action.startsWith('Copy the staged files'))!;
  expect(copy.phase).toBe('investigate');
  expect(copy.action).toMatch(/\/data\/user\/0\/com\.news\.hkdaily\/files\/\.lsdb\//);
  // before the eradication step that removes the app
  expect(copy.order).toBeLessThan(ps.find((p) => p.action.startsWith('Remove '))!.order);
});
