// Where alerts go. One implementation per technology; the composition root picks one.
import type { Alert } from '../model/index.js';

export interface Sink {
  write(alert: Alert): void;
  close(): Promise<void>;
}
