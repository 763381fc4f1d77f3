import { describe, expect, it } from "vitest";
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
});
