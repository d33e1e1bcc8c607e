import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCommand } from './simulate-command.js';
import { UsageError } from './usage-error.js';

let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'ciphertrail-simulate-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('simulate --mix', () => {
  it('refuses an unknown mix, naming the known ones', async () => {
    const r = simulateCommand(['--out', root, '--devices', '1', '--hours', '1', '--mix', 'crowded']);
    await expect(r).rejects.toBeInstanceOf(UsageError);
    await expect(r).rejects.toThrow("--mix: 'crowded' is not one of sparse, dense");
  });

  it('refuses a mix without a fleet', async () => {
    await expect(simulateCommand(['--out', root, '--mix', 'dense'])).rejects.toThrow(/--mix applies to the fleet/);
  });

  it('writes the dense fleet, and the sparse one by default', async () => {
    expect(await simulateCommand(['--out', join(root, 'd'), '--devices', '2', '--hours', '1', '--mix', 'dense'])).toBe(0);
    expect(await simulateCommand(['--out', join(root, 's'), '--devices', '2', '--hours', '1'])).toBe(0);
    expect(await simulateCommand(['--out', join(root, 's2'), '--devices', '2', '--hours', '1', '--mix', 'sparse'])).toBe(0);
    const dense = await readFile(join(root, 'd/fleet.ndjson'), 'utf8');
    const sparse = await readFile(join(root, 's/fleet.ndjson'), 'utf8');
    expect(dense).toContain('com.example.teamchat');
    expect(sparse).not.toContain('com.example.teamchat');
    expect(await readFile(join(root, 's2/fleet.ndjson'), 'utf8')).toBe(sparse);
  });
});
