import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LiteralError, parsePythonLiteral } from './python-literal.js';

describe('parsePythonLiteral', () => {
  const table: Array<[string, unknown]> = [
    ["{'a': 1, 'b': [True, False, None], 'c': 'x'}", { a: 1, b: [true, false, null], c: 'x' }],
    ['{"a": 1, "b": [true, false, null]}', { a: 1, b: [true, false, null] }],
    ["{'s': \"it's\"}", { s: "it's" }],
    ["{'s': 'both \\' and \"'}", { s: 'both \' and "' }],
    ["'tab\\there\\nnl \\\\ \\x7f \\u200b \\U0001f600'", 'tab\there\nnl \\ \x7f \u200b 😀'],
    ["'ünïcode – as-is 😀'", 'ünïcode – as-is 😀'],
    ['[1, -2, 3.5, 1e+16, 1.5e-05, -0.0]', [1, -2, 3.5, 1e16, 1.5e-5, -0]],
    ['(1, 2)', [1, 2]],
    ['{}', {}],
    ['[]', []],
    ["{'nested': {'deep': [{'x': []}]}}", { nested: { deep: [{ x: [] }] } }],
  ];
  for (const [text, want] of table) it(text, () => expect(parsePythonLiteral(text).value).toEqual(want));

  it('stops after the literal and reports where', () => {
    const text = "message: {'type': 'send'} data: None";
    const r = parsePythonLiteral(text, 9);
    expect(r.value).toEqual({ type: 'send' });
    expect(text.slice(r.end)).toBe(' data: None');
  });

  it('a __proto__ key stays a plain key', () => {
    const v = parsePythonLiteral("{'__proto__': {'x': 1}}").value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
  });

  for (const bad of ["{'a': 1", "{'a' 1}", "'open", '[1 2]', '', '{1: }', "'\\x4'", 'nope']) {
    it(`rejects ${JSON.stringify(bad)}`, () => expect(() => parsePythonLiteral(bad)).toThrow(LiteralError));
  }

  it('reads back what Python repr() prints for tricky strings', () => {
    const samples = ["plain", "it's", 'say "hi"', 'both \' "', 'back\\slash', 'ctl \u0001\u001f\u007f', 'nbsp\u00a0zw\u200b', 'astral 😀 𝄞', 'tab\tnl\ncr\r', '\u2028\u2029'];
    let repr: string;
    try {
      repr = execFileSync('python3', ['-c', 'import json,sys; print(repr(json.load(sys.stdin)))'], { input: JSON.stringify({ samples }) }).toString().trim();
    } catch {
      return; // no python3 here: the fixture tests cover the same ground
    }
    expect(parsePythonLiteral(repr).value).toEqual({ samples });
  });
});
