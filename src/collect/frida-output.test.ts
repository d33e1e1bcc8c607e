import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFridaLine, stripAnsi } from './frida-output.js';
import { fridaArgs } from './frida-args.js';
import { fpSecretFromEnv } from '../cli/fp-secret.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('extractFridaLine on a recorded frida session', () => {
  const lines = fixture('frida-session.txt').split('\n').filter((l) => l !== '');
  const results = lines.map(extractFridaLine);
  const expected = fixture('frida-session.expected.ndjson').trim().split('\n').map((l) => JSON.parse(l));

  it('finds every agent event, in order, equal to what the agent sent', () => {
    const events = results.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
    expect(events).toEqual(expected);
  });

  it('keeps banner, status and console lines as text (ANSI removed)', () => {
    const texts = results.flatMap((r) => (r.kind === 'text' ? [r.text] : []));
    expect(texts).toContain('Spawned `com.example.notes`. Resuming main thread!');
    expect(texts).toContain('ciphertrail agent: 41 Java hooks, 3 absent, sha256=frida-checksum');
    expect(texts).toContain('Process terminated');
  });

  it('reports a non-event send and a cut message', () => {
    expect(results.filter((r) => r.kind === 'message')).toEqual([{ kind: 'message', message: { type: 'send', payload: 'not an event' } }]);
    const invalid = results.filter((r) => r.kind === 'invalid');
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('unexpected end') });
  });

  it('an agent error message is a message, not an event', () => {
    const r = extractFridaLine("message: {'type': 'error', 'description': 'ReferenceError: x', 'stack': 'at y', 'fileName': 'agent.js', 'lineNumber': 1, 'columnNumber': 1} data: None");
    expect(r).toMatchObject({ kind: 'message', message: { type: 'error' } });
  });

  it('text after the dict other than data: is refused', () => {
    expect(extractFridaLine("message: {'type': 'send', 'payload': {'type': 'x'}} junk")).toMatchObject({ kind: 'invalid' });
  });

  it('CRLF and colour codes around a message', () => {
    const r = extractFridaLine("\x1b[0mmessage: {'type': 'send', 'payload': {'type': 'user.interaction', 'ts': 1, 'device': 'd'}} data: None\r");
    expect(r).toEqual({ kind: 'event', event: { type: 'user.interaction', ts: 1, device: 'd' } });
    expect(stripAnsi('\x1b[1;31mred\x1b[0m')).toBe('red');
  });
});

describe('fridaArgs', () => {
  it('spawn: -U -f, quiet without a timeout, parameters as JSON', () => {
    expect(fridaArgs({ package: 'com.example.notes', spawn: true, agentPath: '/a/agent.js', device: 'emu-1' })).toEqual([
      '-U', '-f', 'com.example.notes', '-l', '/a/agent.js', '-q', '-t', 'inf', '-P', '{"package":"com.example.notes","device":"emu-1"}',
    ]);
  });

  it('attach by identifier, a chosen frida device', () => {
    expect(fridaArgs({ package: 'com.example.notes', spawn: false, agentPath: 'a.js', fridaDevice: 'emulator-5554' })).toEqual([
      '-D', 'emulator-5554', '-N', 'com.example.notes', '-l', 'a.js', '-q', '-t', 'inf', '-P', '{"package":"com.example.notes"}',
    ]);
  });

  it('the deployment fingerprint secret reaches the agent as fp_secret', () => {
    expect(fridaArgs({ package: 'com.example.notes', spawn: true, agentPath: 'a.js', fpSecret: 's'.repeat(32) }).at(-1)).toBe(`{"package":"com.example.notes","fp_secret":"${'s'.repeat(32)}"}`);
  });
});

describe('fingerprint secret from the environment', () => {
  it('file first, then the variable; too short or unreadable is a usage error naming it; none is the unkeyed scheme', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-fp-'));
    const file = join(dir, 'fp.secret');
    writeFileSync(file, `${'a1'.repeat(16)}\n`);
    expect(fpSecretFromEnv({ CIPHERTRAIL_FP_SECRET_FILE: file, CIPHERTRAIL_FP_SECRET: 'ignored-because-file-wins' })).toBe('a1'.repeat(16));
    expect(fpSecretFromEnv({ CIPHERTRAIL_FP_SECRET: 'x'.repeat(20) })).toBe('x'.repeat(20));
    expect(fpSecretFromEnv({})).toBeUndefined();
    expect(() => fpSecretFromEnv({ CIPHERTRAIL_FP_SECRET: 'short' })).toThrow(/CIPHERTRAIL_FP_SECRET: 5 characters/);
    expect(() => fpSecretFromEnv({ CIPHERTRAIL_FP_SECRET_FILE: join(dir, 'missing') })).toThrow(/cannot read .*missing/);
  });
});
