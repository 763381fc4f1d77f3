import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configVariables } from "../../src/config/config.ts";
import { loadConfig } from "../../src/config/load-config.ts";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  env_file?: string | string[];
  environment?: Record<string, string> | string[];
  ports?: (string | { published?: string | number; target?: number })[];
  volumes?: string[];
  deploy?: { replicas?: number };
  depends_on?: string[] | Record<string, { condition?: string }>;
}

const compose = parse(read("compose.yaml")) as { services: Record<string, Service> };
const { services } = compose;

/** A service's environment as name → value, in either of the forms Compose takes. */
function environmentOf(service: Service): Record<string, string> {
  const environment = service.environment ?? {};
  if (!Array.isArray(environment)) return environment;
  return Object.fromEntries(
    environment.map((entry) => [entry.split("=")[0]!, entry.slice(entry.indexOf("=") + 1)]),
  );
}

/** Names whose values are secrets: they come from the env file, never from compose.yaml. */
const secretNames = [
  "COMETAPI_API_KEY",
  "COMETAPI_QUOTA_KEY",
  "DISCORD_TOKEN",
  "DISCORD_PUBLIC_KEY",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
];

/** The bot's services: those built from the repository's Dockerfile. */
const botServices = Object.entries(services).filter(([, service]) => {
  const context = typeof service.build === "string" ? service.build : service.build?.context;
  return context === "." && (typeof service.build === "string" || !service.build?.dockerfile);
});

describe("compose.yaml", () => {
  it("runs Redis, two replicas of the bot built from the Dockerfile, and a balancer in front", () => {
    expect(Object.keys(services).sort()).toEqual(["balancer", "bot", "redis"]);
    expect(services.redis?.image).toMatch(/^redis:\d/);
    expect(botServices.map(([name]) => name)).toEqual(["bot"]);
    expect(services.bot?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(services.balancer?.image).toMatch(/^nginx:\d/);
    expect(services.bot?.depends_on).toHaveProperty("redis");
  });

  it("publishes one port, the balancer's, and none of the replicas'", () => {
    const published = Object.entries(services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => [name, String(port)]),
    );
    expect(published).toEqual([["balancer", "8080:80"]]);
  });

  it("points the replicas at the redis service, with both platforms in HTTP mode", () => {
    const environment = environmentOf(services.bot!);
    const redisUrl = new URL(environment.REDIS_URL ?? "");
    expect(redisUrl.protocol).toBe("redis:");
    expect(redisUrl.hostname).toBe("redis");
    expect(environment.DISCORD_MODE).toBe("http");
    expect(environment).not.toHaveProperty("SLACK_APP_TOKEN");
    // Every name it sets is one the bot reads, and the values pass its checks.
    expect(Object.keys(environment).filter((name) => !configVariables.includes(name))).toEqual([]);
    const config = loadConfig({
      ...environment,
      COMETAPI_API_KEY: "sk-from-env-file",
      DISCORD_TOKEN: "token-from-env-file",
      DISCORD_PUBLIC_KEY: "ab".repeat(32),
      SLACK_BOT_TOKEN: "xoxb-from-env-file",
      SLACK_SIGNING_SECRET: "secret-from-env-file",
    });
    expect(config.redis?.address).toBe("redis:6379");
    expect(config.discord?.mode).toBe("http");
    expect(config.slack?.appToken).toBeUndefined();
  });

  it("takes every secret from an env file, and writes none inline", () => {
    expect(services.bot?.env_file).toBeDefined();
    for (const [name, service] of Object.entries(services)) {
      const environment = environmentOf(service);
      expect(
        secretNames.filter((secret) => secret in environment),
        name,
      ).toEqual([]);
      // Nothing that looks like a token or key, and no password in a URL.
      for (const [variable, value] of Object.entries(environment)) {
        expect(value, `${name} ${variable}`).not.toMatch(/\b(sk-|xox[abp]-|xapp-)|:\/\/[^/@]*:[^/@]*@/);
      }
    }
    expect(read("compose.yaml")).not.toMatch(/xox[abp]-|xapp-|\bsk-[A-Za-z0-9]/);
  });

  it("has the balancer send the platforms' routes and the health routes to the replicas, in turn", () => {
    const mount = (services.balancer?.volumes ?? []).find((volume) => volume.includes("nginx"));
    const [source, target] = (mount ?? "").split(":");
    expect(target).toBe("/etc/nginx/conf.d/default.conf");
    const nginx = read(source ?? "");
    expect(nginx).toMatch(/upstream imagine_bot \{[^}]*server bot:3000 resolve;/);
    // Round robin is nginx's default: no other balancing method is named.
    expect(nginx).not.toMatch(/\b(ip_hash|hash|least_conn|random)\b/);
    for (const path of ["/discord/interactions", "/slack/events", "/healthz", "/readyz"]) {
      expect(nginx, path).toMatch(new RegExp(`location = ${path} \\{\\s*proxy_pass http://imagine_bot;`));
    }
    expect(nginx).toMatch(/listen 80;/);
  });
});
