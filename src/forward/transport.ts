// What a forwarder hands a transport, and what it hears back.
import type { Alert } from '../model/index.js';

export interface Message { alert: Alert; final: boolean; text: string }

/** ok; unavailable: the receiver could not be reached or asked to come back later (retried
 *  without limit: an outage loses nothing); rejected: it refused this message (counted: after
 *  max_attempts the version goes to the dead letters) */
export type Outcome = { ok: true } | { ok: false; kind: 'unavailable' | 'rejected'; reason: string };

export interface Transport {
  /** how many messages one send may carry */
  readonly batchMax: number;
  send(messages: Message[]): Promise<Outcome>;
  close(): Promise<void>;
}
