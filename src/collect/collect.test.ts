// runCollect against a stand-in `frida` (a script that replays a recorded session): the real
// frida CLI and an Android device cannot run here.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCollect } from './collect.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-collect-'));
const session = fileURLToPath(new URL('./fixtures/frida-session.txt', import.meta.url));
const expected = readFileSync(new URL('./fixtures/frida-session.expected.ndjson', import.meta.url), 'utf8');
const agent = join(dir, 'agent.js');
writeFileSync(agent, '// stand-in agent\n');

/** A fake frida: records its argv and environment, prints the session, exits with FAKE_EXIT. */
function fakeFrida(name: string, exitCode: number): string {
  const path = join(dir, name);
  writeFileSync(path, `#!${process.execPath}
const fs = require('fs');
fs.writeFileSync(${JSON.stringify(join(dir, `${name}.argv.json`))}, JSON.stringify({ argv: process.argv.slice(2), unbuffered: process.env.PYTHONUNBUFFERED }));
process.stderr.write('Failed to load something minor\\n');
process.stdout.write(fs.readFileSync(${JSON.stringify(session)}));
process.exitCode = ${exitCode};
`);
  chmodSync(path, 0o755);
  return path;
}

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { io: { stdout, stderr, env: { PATH: process.env.PATH } as NodeJS.ProcessEnv }, out: () => out, err: () => err };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runCollect', () => {
  it('writes the agent events as telemetry v1 NDJSON to a file, frida text to stderr', async () => {
    const frida = fakeFrida('frida-ok', 1); // the app exiting ends frida with status 1
    const out = join(dir, 'events.ndjson');
    const t = io();
    const code = await runCollect({ package: 'com.example.notes', spawn: true, device: 'emu-5554', out, fridaPath: frida, agentPath: agent }, t.io);
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(expected.split('\n').filter(Boolean).map((l) => JSON.stringify(JSON.parse(l)) + '\n').join(''));
    const { argv, unbuffered } = JSON.parse(readFileSync(`${frida}.argv.json`, 'utf8'));
    expect(argv).toEqual(['-U', '-f', 'com.example.notes', '-l', agent, '-q', '-t', 'inf', '-P', '{"package":"com.example.notes","device":"emu-5554"}']);
    expect(unbuffered).toBe('1');
    expect(t.err()).toContain('frida: Failed to load something minor');
    expect(t.err()).toContain('frida: Spawned `com.example.notes`. Resuming main thread!');
    expect(t.err()).toContain('collect: 11 events to');
    expect(t.err()).toContain('1 unreadable, 1 other messages');
    expect(t.out()).toBe('');
  });

  it('writes to stdout by default (for `| ciphertrail detect -`), attach mode uses -N', async () => {
    const frida = fakeFrida('frida-attach', 0);
    const t = io();
    const code = await runCollect({ package: 'com.example.notes', spawn: false, fridaPath: frida, agentPath: agent }, t.io);
    expect(code).toBe(0);
    expect(t.out().trim().split('\n')).toHaveLength(11);
    expect(JSON.parse(readFileSync(`${frida}.argv.json`, 'utf8')).argv.slice(0, 3)).toEqual(['-U', '-N', 'com.example.notes']);
  });

  it('a clear error when frida is not installed', async () => {
    const t = io();
    const code = await runCollect({ package: 'com.example.notes', spawn: true, fridaPath: join(dir, 'no-such-frida'), agentPath: agent }, t.io);
    expect(code).toBe(2);
    expect(t.err()).toMatch(/frida not found .*pip install frida-tools/);
  });

  it('a clear error when the agent is not built, or the package name is wrong', async () => {
    const t = io();
    expect(await runCollect({ package: 'com.example.notes', spawn: true, agentPath: join(dir, 'missing.js') }, t.io)).toBe(2);
    expect(t.err()).toMatch(/agent not found .*npm --prefix sensor\/frida ci && npm --prefix sensor\/frida run build/);
    expect(await runCollect({ package: 'notes; rm -rf /', spawn: true, agentPath: agent }, t.io)).toBe(2);
    expect(t.err()).toMatch(/not an Android package name/);
  });

  it('frida failing before any event is exit 1', async () => {
    const path = join(dir, 'frida-fail');
    writeFileSync(path, `#!${process.execPath}\nprocess.stdout.write('Failed to spawn: unable to find application with identifier \\'com.example.notes\\'\\n');\nprocess.exitCode = 1;\n`);
    chmodSync(path, 0o755);
    const t = io();
    expect(await runCollect({ package: 'com.example.notes', spawn: true, fridaPath: path, agentPath: agent }, t.io)).toBe(1);
    expect(t.err()).toContain('frida: Failed to spawn');
    expect(t.err()).toContain('frida exited with 1');
  });
});
