// What one line of `frida` CLI output is. frida-tools prints each agent `send()` as
//   message: {'type': 'send', 'payload': {...}} data: None
// (the Python repr of the message dict; `message: {"type":"send",...}` JSON is accepted too).
// console.log output of the agent, the banner and status lines ("Spawned `pkg`. Resuming main
// thread!", "Process terminated") are other text. Pure: no I/O.
import { LiteralError, parsePythonLiteral } from './python-literal.js';

export type FridaLine =
  /** a send() whose payload is a telemetry-shaped object (has a string `type`) */
  | { kind: 'event'; event: Record<string, unknown> }
  /** a send() with another payload, or an agent error message */
  | { kind: 'message'; message: Record<string, unknown> }
  /** anything else frida printed: banner, status, console.log of the agent */
  | { kind: 'text'; text: string }
  /** looked like a message but could not be read */
  | { kind: 'invalid'; reason: string; text: string };

// ANSI colour/cursor sequences (frida-tools styles status lines with colorama)
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const PREFIX = /^\s*message:\s*/;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Classifies one output line (without its newline). */
export function extractFridaLine(line: string): FridaLine {
  const text = stripAnsi(line).replace(/\r$/, '');
  const m = PREFIX.exec(text);
  if (!m) return { kind: 'text', text };
  let message: unknown;
  try {
    const parsed = parsePythonLiteral(text, m[0].length);
    const rest = text.slice(parsed.end).trim();
    if (rest !== '' && !/^data:/.test(rest)) {
      return { kind: 'invalid', reason: `unexpected text after the message: ${rest.slice(0, 40)}`, text };
    }
    message = parsed.value;
  } catch (e) {
    if (e instanceof LiteralError) return { kind: 'invalid', reason: e.message, text };
    throw e;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { kind: 'invalid', reason: 'message is not a dict', text };
  }
  const msg = message as Record<string, unknown>;
  if (msg.type === 'send') {
    const payload = msg.payload;
    if (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && typeof (payload as Record<string, unknown>).type === 'string') {
      return { kind: 'event', event: payload as Record<string, unknown> };
    }
  }
  return { kind: 'message', message: msg };
}
