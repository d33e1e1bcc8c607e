import { describe, expect, test } from 'vitest';
import { buildReport } from './build-report.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';
import { goldenAlert } from './fixtures.test-util.js';
import type { TelemetryEvent } from '../model/index.js';

const HOSTILE_APP = '<script>alert(1)</script>';
const HOSTILE_HOST = 'x"><img src=x onerror=alert(2)>.top';

function hostile() {
  const a = goldenAlert('ermac-aes-cbc-ip');
  const dest = `${HOSTILE_HOST}:443`;
  const alert = { ...a, app: HOSTILE_APP, device: '<b>dev</b>', exposure: { ...a.exposure, destinations: [dest] } };
  const send = { type: 'net.send', ts: a.first_ts, device: alert.device, app: HOSTILE_APP, dst_host: HOSTILE_HOST, dst_port: 443, bytes_out: 10, path: '</pre><script>alert(3)</script>' } as unknown as TelemetryEvent;
  return buildReport(alert, [{ ref: a.evidence[0], event: send, source: { file: '<f>.ndjson', line: 1 } }, ...a.evidence.slice(1).map((ref) => ({ ref }))]);
}

describe('renderers', () => {
  test('HTML escapes every string from the alert and the telemetry', () => {
    const html = renderHtml(hostile());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b>dev/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('x&quot;&gt;&lt;img src=x onerror=alert(2)&gt;.top');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(3)');
  });

  test('HTML is one self-contained file: inline style with a print stylesheet, no script, nothing fetched', () => {
    const html = renderHtml(buildReport(goldenAlert('repackaged-clone')));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\/(?!attack\.mitre\.org)/); // no external resource at all
    for (const id of ['summary', 'timeline', 'exposure', 'playbook', 'indicators', 'evidence']) expect(html).toContain(`<section id="${id}">`);
  });

  test('Markdown keeps hostile text inert and table rows intact', () => {
    const md = renderMarkdown(hostile());
    // code spans are literal text in CommonMark (and cannot be closed early: backticks are replaced)
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/<script|<img/i);
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      // a row has the same number of unescaped pipes as its header
      expect(line.replace(/\\\|/g, '').split('|').length).toBeGreaterThan(2);
    }
    expect(md).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
  });

  test('Markdown: names from the alert and the telemetry make no heading, list, link or emphasis', () => {
    const a = goldenAlert('ermac-aes-cbc-ip');
    const app = 'com.evil\n# Owned\n[x](javascript:alert(7)) ![i](https://evil.example/i.png) <https://evil.example>';
    const device = 'dev\r\n\n- item\n1. one *em* _u_ `tick` | pipe &amp; https://evil.example www.evil.example a@evil.example ~~s~~\n[r]: https://evil.example';
    const alert = { ...a, app, device, exposure: { ...a.exposure, destinations: ['[d](javascript:alert(8)):443'] } };
    const send = { type: 'net.send', ts: a.first_ts, device, app, dst_host: '[h](javascript:alert(9))', dst_port: 443, bytes_out: 10 } as unknown as TelemetryEvent;
    const md = renderMarkdown(buildReport(alert, [{ ref: a.evidence[0], event: send, source: { file: 'f\n# F.ndjson', line: 1 } }, ...a.evidence.slice(1).map((ref) => ({ ref }))]));
    const lines = md.split('\n');
    expect(lines.filter((l) => /^\s*#/.test(l))).toEqual([
      expect.stringMatching(/^# Incident report: /), '## Summary', '## Timeline', '## Data exposure', '## Playbook', '## Indicators', '## Evidence',
    ]);
    expect(lines.filter((l) => /^\s*(- item|1\. one|\[r\]:)/.test(l))).toEqual([]);
    // outside code spans, the only brackets left unescaped are the report's own evidence links
    const prose = md.replace(/`[^`\n]*`/g, '').replace(/\[[^\]\n]*\]\(#ev-\d+\)/g, '').replace(/<a id="ev-\d+"><\/a>/g, '').replace(/\\\\/g, '');
    expect(prose).not.toMatch(/(?<!\\)[[\]()]javascript|(?<!\\)\]\(|(?<!\\)\[/);
    expect(prose).not.toMatch(/(?<!\\)[*_`~|](em|u|tick|s)\b/);
    expect(prose).not.toMatch(/<|https?:\/\/|www\.evil|a@evil/i);
    expect(prose).toContain('&amp;amp;');
    expect(md).toContain('com.evil \\# Owned \\[x\\]\\(javascript:alert\\(7\\)\\)');
  });
});
