// A mistake in how the command was called: exit 2 with the command's help.
export class UsageError extends Error {
  constructor(message: string, readonly help?: string) { super(message); }
}
