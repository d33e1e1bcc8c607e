import { describe, it, expect } from 'vitest';
import { DEFAULT_POLICY } from '../model/index.js';
import { FleetStage } from './fleet-stage.js';

describe('fleet stage progress', () => {
  it('never goes backwards: an older progress arriving after a partition ended keeps it ended', () => {
    const stage = new FleetStage({ policy: DEFAULT_POLICY, lateness: 0, partitions: 2, onAlert: () => undefined });
    stage.progress(0, 1_000);
    stage.progress(1, 5_000);
    expect(stage.globalProgress).toBe(1_000);
    stage.progress(0, null);
    stage.progress(0, 900); // a retried publish that landed late
    expect(stage.globalProgress).toBe(5_000);
    stage.progress(1, null);
    expect(stage.globalProgress).toBe(Infinity);
    stage.progress(1, 4_000);
    expect(stage.globalProgress).toBe(Infinity);
  });
});
