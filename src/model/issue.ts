// One error/issue shape for every loader: data, never thrown for bad input.

export interface Issue {
  code: string;
  message: string;
  file?: string;
  line?: number;
  /** JSON path of the offending field, e.g. `bytes_out` or `thresholds.time_window` */
  field?: string;
}

export function formatIssue(i: Issue): string {
  const where = [i.file, i.line !== undefined ? String(i.line) : undefined].filter(Boolean).join(':');
  const field = i.field ? ` [${i.field}]` : '';
  return `${where ? where + ': ' : ''}${i.code}${field}: ${i.message}`;
}

export class CiphertrailError extends Error {
  constructor(readonly code: string, message: string, readonly issues: Issue[] = []) {
    super(message);
    this.name = 'CiphertrailError';
  }
}
