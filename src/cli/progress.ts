// Progress on a terminal: lines and rate, at most once a second. Reads the wall clock, which is
// fine here: the CLI is not a stage, and nothing it prints goes into alerts.
import type { IngestCounters } from '../ingest/read-events.js';

export function progressReporter(): { tick: (c: IngestCounters) => void; done: () => void } {
  const start = Date.now();
  let last = start;
  let shown = false;
  return {
    tick(c) {
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      shown = true;
      const rate = Math.round(c.lines / ((now - start) / 1000));
      process.stderr.write(`\r${c.lines.toLocaleString('en')} lines, ${c.rejected} rejected, ${rate.toLocaleString('en')} lines/s   `);
    },
    done() { if (shown) process.stderr.write('\n'); },
  };
}
