/** Thrown when Slack refuses to start the app; the message says what the operator should check. */
export class SlackStartError extends Error {
  override readonly name = "SlackStartError";
}
