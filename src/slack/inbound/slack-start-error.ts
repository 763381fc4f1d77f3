import { StartupError } from "../../core/errors/startup-error.ts";

/** Thrown when Slack refuses to start the app; the message says what the operator should check. */
export class SlackStartError extends StartupError {
  override readonly name = "SlackStartError";
}
