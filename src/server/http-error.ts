// An error that becomes `{"error": code, "message": ...}` with an HTTP status.
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly extra: Record<string, unknown> = {}, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}
