// `--out FILE` or stdout.
import { writeFileSync } from 'node:fs';

export function writeOutput(out: string | undefined, text: string): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
