// Inputs that cannot give events (missing, empty, unrecognised, read by the wrong adapter): one
// line each, naming the file, what it looks like and the --from that would read it. Exit 3.
import { CiphertrailError } from '../../model/index.js';

export class UnusableInput extends CiphertrailError {
  constructor(readonly lines: string[]) { super('unusable_input', lines.join('\n')); }
}
