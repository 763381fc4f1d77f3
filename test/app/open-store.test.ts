import { describe, expect, it } from "vitest";
import { openStore } from "../../src/app/open-store.ts";
import { describeStartFailure } from "../../src/app/describe-start-failure.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { StartupError } from "../../src/core/errors/startup-error.ts";
import { captureLog } from "../support/capture-log.ts";
import { findClosedPort } from "../support/closed-port.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";

const base = { COMETAPI_API_KEY: "sk-test", DISCORD_TOKEN: "discord-token" };

describe("the store the configuration names", () => {
  it("is the SQLite file under DATA_DIR without REDIS_URL", async () => {
    const store = await openStore(
      loadConfig({ ...base, DATA_DIR: makeTempDir("open-store") }),
      captureLog().log,
      Date.now,
    );
    expect(store.isReady).toBeUndefined();
    await store.close();
  });

  it("stops the start in one line naming REDIS_URL and Redis's host and port, never its password", async () => {
    const port = await findClosedPort();
    const config = loadConfig({ ...base, REDIS_URL: `redis://:hunter22@127.0.0.1:${port}` });
    const error = await openStore(config, captureLog().log, Date.now).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StartupError);
    const line = describeStartFailure(error);
    expect(line).toMatch(
      new RegExp(
        `^imagine-bot cannot start: REDIS_URL: Redis at 127\\.0\\.0\\.1:${port} did not answer within 5000 ms`,
      ),
    );
    expect(line).toContain("make sure Redis runs and is reachable from here");
    expect(line).not.toContain("hunter22");
  }, 15_000);
});
