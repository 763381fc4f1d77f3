/**
 * A Store call that could not be made: the disk refused the write (full, read-only, failing), the
 * file stayed locked by another program, or the store was already closed. Nothing of the call was
 * kept; the same call may succeed once the cause is gone. `cause` holds the engine's own error.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StoreUnavailableError";
  }
}
