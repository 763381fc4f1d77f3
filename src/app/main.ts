import { existsSync } from "node:fs";
import { startBot } from "./start-bot.ts";
import { ConfigError } from "../config/config.ts";
import { chooseLogFormat, createLogger, createScrubber } from "./create-logger.ts";
import { describeSettings } from "./describe-settings.ts";
import { findUnknownVariables } from "../config/find-unknown-variables.ts";
import { loadConfig } from "../config/load-config.ts";
import { adaptersFor } from "./load-adapters.ts";
import { describeStartFailure } from "./describe-start-failure.ts";

// The composition root: the only module that reads process.env or touches the process.

// A .env file is a convenience for local runs; containers pass the environment directly.
if (existsSync(".env")) process.loadEnvFile(".env");

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  process.stderr.write(describeStartFailure(error));
  if (error instanceof ConfigError) {
    // A misspelt name is often why a value counts as missing.
    for (const unknown of findUnknownVariables(process.env)) process.stderr.write(`  ${unknown.message}\n`);
    process.stderr.write("See README.md (Configuration) or .env.example for every variable.\n");
  }
  process.exit(1);
}

const onTerminal = process.stdout.isTTY === true;
const secrets = [
  config.cometapi.apiKey,
  config.balance.quotaKey,
  config.discord?.token,
  config.slack?.botToken,
  config.slack?.appToken,
  config.slack?.signingSecret,
  config.redis?.password,
].filter((secret): secret is string => Boolean(secret));
const log = createLogger({
  level: config.logLevel,
  format: chooseLogFormat(config.logFormat, onTerminal),
  colorize: onTerminal,
  secrets,
});

process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection"));

// A mistyped variable is otherwise ignored without a word; then say what is in force.
for (const unknown of findUnknownVariables(process.env)) {
  log.warn({ variable: unknown.name, closest: unknown.closest }, unknown.message);
}
for (const line of describeSettings(config)) log.info(line);

try {
  const bot = await startBot({
    config,
    log,
    adapters: await adaptersFor(config),
    reloadConfig: () => loadConfig(process.env),
  });
  // The policy file is watched; SIGHUP re-reads it too, as daemons are told to.
  process.on("SIGHUP", () => bot.reloadPolicy());
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
  log.debug({ err: error }, "imagine-bot failed to start");
  process.stderr.write(createScrubber(secrets)(describeStartFailure(error)));
  process.exit(1);
}
