import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config.ts";
import { findUnknownVariables } from "../../src/config/find-unknown-variables.ts";
import { loadConfig } from "../../src/config/load-config.ts";

const minimal = { COMETAPI_API_KEY: "sk-test", DISCORD_TOKEN: "discord-token" };

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("the store's variables", () => {
  it("keep the embedded store when REDIS_URL is not set, whatever the other two say", () => {
    expect(loadConfig(minimal).redis).toBeUndefined();
    expect(
      loadConfig({ ...minimal, IMAGINE_REDIS_PREFIX: "bot-a:", IMAGINE_INSTANCE_LEASE_SECONDS: "10" }).redis,
    ).toBeUndefined();
  });

  it("read a Redis URL, its host and port for the logs, its password as a secret, and the defaults", () => {
    expect(loadConfig({ ...minimal, REDIS_URL: "redis://:s3cr%40t@redis.internal:6380/2" }).redis).toEqual({
      url: "redis://:s3cr%40t@redis.internal:6380/2",
      address: "redis.internal:6380",
      password: "s3cr@t",
      prefix: "imagine:",
      leaseMs: 30_000,
    });
    expect(
      loadConfig({
        ...minimal,
        REDIS_URL: " rediss://cache.example ",
        IMAGINE_REDIS_PREFIX: "bot-a:",
        IMAGINE_INSTANCE_LEASE_SECONDS: "5",
      }).redis,
    ).toEqual({
      url: "rediss://cache.example",
      address: "cache.example:6379",
      prefix: "bot-a:",
      leaseMs: 5_000,
    });
  });

  it("refuse a URL that is not Redis's with a line naming the variable, never repeating the value", () => {
    for (const url of [
      "http://:hunter22@redis:6379",
      "redis://:hunter22@",
      "hunter22 is not a url",
      "redis://:hunter22@redis:6379/db",
    ]) {
      const lines = problems({ ...minimal, REDIS_URL: url });
      expect(lines, url).toEqual([
        "REDIS_URL: must be a redis:// or rediss:// (TLS) URL such as redis://redis:6379, " +
          "with a password as redis://:PASSWORD@host:6379 and a database as redis://host:6379/1",
      ]);
      expect(lines.join("\n")).not.toContain("hunter22");
    }
  });

  it("refuse a prefix with spaces and a lease under two seconds", () => {
    expect(
      problems({
        ...minimal,
        REDIS_URL: "redis://redis:6379",
        IMAGINE_REDIS_PREFIX: "my bot:",
        IMAGINE_INSTANCE_LEASE_SECONDS: "1",
      }),
    ).toEqual([
      "IMAGINE_REDIS_PREFIX: must be 1 to 100 characters without spaces, such as imagine:",
      "IMAGINE_INSTANCE_LEASE_SECONDS: must be at least 2",
    ]);
  });

  it("are known to the unknown-variable check, which points a misspelling at them", () => {
    const env = {
      REDIS_URL: "redis://redis:6379",
      IMAGINE_REDIS_PREFIX: "a:",
      IMAGINE_INSTANCE_LEASE_SECONDS: "30",
      IMAGINE_INSTANCE_LEASE_SECOND: "30",
    };
    expect(findUnknownVariables(env).map(({ name, closest }) => [name, closest])).toEqual([
      ["IMAGINE_INSTANCE_LEASE_SECOND", "IMAGINE_INSTANCE_LEASE_SECONDS"],
    ]);
  });
});
