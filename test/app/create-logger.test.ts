import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { chooseLogFormat, createLogger, createScrubber } from "../../src/app/create-logger.ts";
import { captureLog } from "../support/capture-log.ts";

const apiKey = "sk-live-abcdef123456";
const token = "MTIzNDU2Nzg5.discord.token";

describe("createLogger", () => {
  it("redacts secret fields by name", () => {
    const { log, lines } = captureLog([]);
    log.info({ apiKey, headers: { authorization: `Bearer ${apiKey}` }, config: { token } }, "calling");
    expect(lines.join("\n")).not.toContain(apiKey);
    expect(lines.join("\n")).not.toContain(token);
    expect(lines.join("\n")).toContain("[redacted]");
  });

  it("scrubs secret values wherever they hide: messages, errors, URLs", () => {
    const { log, lines } = captureLog([apiKey, token]);
    log.error(
      { err: new Error(`request to https://api.example/quota?key=${apiKey} failed`) },
      `token ${token} refused`,
    );
    log.warn({ url: `https://discord.example/api/webhooks/1/${token}` }, "edit failed");
    const output = lines.join("\n");
    expect(output).not.toContain(apiKey);
    expect(output).not.toContain(token);
    expect(output.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it("binds job fields to child loggers", () => {
    const { log, records } = captureLog();
    log.child({ jobId: "j1", platform: "slack", userId: "U1" }).info("job started");
    expect(records()[0]).toMatchObject({ jobId: "j1", platform: "slack", userId: "U1", msg: "job started" });
  });

  it("chooses pretty lines for a terminal and JSON otherwise, unless LOG_FORMAT says", () => {
    expect(chooseLogFormat(undefined, true)).toBe("pretty");
    expect(chooseLogFormat(undefined, false)).toBe("json");
    expect(chooseLogFormat("json", true)).toBe("json");
    expect(chooseLogFormat("pretty", false)).toBe("pretty");
  });

  it("writes readable lines, not JSON, in the pretty format", () => {
    const lines = prettyLines();
    const log = createLogger({
      level: "info",
      secrets: [],
      format: "pretty",
      destination: lines.destination,
    });
    log.child({ jobId: "j1", platform: "discord" }).info({ model: "gpt-image-1" }, "job accepted");
    log.debug("not shown at info");
    expect(lines.text).toHaveLength(1);
    expect(lines.text[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: job accepted /);
    expect(lines.text[0]).toContain('"jobId":"j1"');
    expect(lines.text[0]).toContain('"model":"gpt-image-1"');
    expect(lines.text[0]).not.toContain("imagine-bot"); // the service name says nothing on a terminal
  });

  it("scrubs secrets in the pretty format too", () => {
    const lines = prettyLines();
    const log = createLogger({
      level: "info",
      secrets: [apiKey, token],
      format: "pretty",
      destination: lines.destination,
    });
    log.error({ err: new Error(`quota?key=${apiKey} failed`), apiKey }, `token ${token} refused`);
    const output = lines.text.join("\n");
    expect(output).toContain("ERROR: token [redacted] refused");
    expect(output).not.toContain(apiKey);
    expect(output).not.toContain(token);
  });
});

/** A destination that keeps each written chunk's lines, as a terminal would show them. */
function prettyLines() {
  const text: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      callback();
    },
  });
  return { text, destination };
}

describe("createScrubber", () => {
  it("takes every secret out of text that bypasses the logger, and leaves short values alone", () => {
    const scrub = createScrubber(["xoxb-123456", "sk-abcdef", "abc"]);
    expect(scrub("cannot reach https://x/xoxb-123456/ with sk-abcdef or abc")).toBe(
      "cannot reach https://x/[redacted]/ with [redacted] or abc",
    );
    expect(createScrubber([])("nothing to hide")).toBe("nothing to hide");
  });
});
