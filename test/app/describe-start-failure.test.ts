import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config.ts";
import { StartupError } from "../../src/core/errors/startup-error.ts";
import { describeStartFailure } from "../../src/app/describe-start-failure.ts";

describe("what the operator reads when the bot cannot start", () => {
  it("is the operator's line of a start-up fault, without its cause", () => {
    const fault = new StartupError("PORT=3000: the port is already in use", {
      cause: Object.assign(new Error("listen EADDRINUSE: address already in use"), { code: "EADDRINUSE" }),
    });
    expect(describeStartFailure(fault)).toBe(
      "imagine-bot cannot start: PORT=3000: the port is already in use\n",
    );
  });

  it("is one line per configuration problem", () => {
    const problems = new ConfigError(["PORT: must be a whole number", "LOG_LEVEL: must be one of …"]);
    expect(describeStartFailure(problems)).toBe(
      "imagine-bot cannot start:\n  PORT: must be a whole number\n  LOG_LEVEL: must be one of …\n",
    );
  });

  it("is the message of anything unforeseen, pointing at LOG_LEVEL=debug, never a stack", () => {
    const text = describeStartFailure(new TypeError("cannot read properties of undefined"));
    expect(text).toBe(
      "imagine-bot cannot start: cannot read properties of undefined (LOG_LEVEL=debug logs the details)\n",
    );
  });
});
