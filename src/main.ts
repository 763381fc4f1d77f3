import { existsSync } from "node:fs";
import { startBot } from "./bot.ts";
import { ConfigError } from "./core/config.ts";
import { createLogger } from "./core/logger.ts";
import { loadSettings } from "./core/load-settings.ts";
import { adaptersFor } from "./adapters-for.ts";

// The composition root: the only module that reads process.env or touches the process.

// A .env file is a convenience for local runs; containers pass the environment directly.
if (existsSync(".env")) process.loadEnvFile(".env");

let config;
try {
  config = loadSettings(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`imagine-bot cannot start:\n${error.problems.map((line) => `  ${line}\n`).join("")}`);
  process.stderr.write("See README.md (Configuration) or .env.example for every variable.\n");
  process.exit(1);
}

const log = createLogger({
  level: config.logLevel,
  secrets: [
    config.cometapi.apiKey,
    config.discord?.token,
    config.slack?.botToken,
    config.slack?.appToken,
    config.slack?.signingSecret,
  ].filter((secret): secret is string => Boolean(secret)),
});

process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));

try {
  const bot = await startBot({ config, log, adapters: await adaptersFor(config) });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "signal received");
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
} catch (error) {
  log.fatal({ err: error }, "imagine-bot failed to start");
  process.exit(1);
}
