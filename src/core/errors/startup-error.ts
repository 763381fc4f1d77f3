/**
 * A fault that keeps the bot from starting, worded for the operator: one line naming what failed,
 * the variable and value involved, and what to do. The entry point prints the line and exits 1;
 * the cause (with its stack) is logged only at debug level.
 */
export class StartupError extends Error {
  constructor(line: string, options?: ErrorOptions) {
    super(line, options);
    this.name = "StartupError";
  }
}
