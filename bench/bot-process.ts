// The bot under test, in its own process so its memory is its own: configured by the environment
// the bench passes, built as `src/app/main.ts` builds it (the SQLite store in DATA_DIR included), run
// compiled as the Docker image runs it, and talking to the loopback fakes in the parent.
import { adaptersFor } from "../src/app/load-adapters.ts";
import { startBot } from "../src/app/start-bot.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { createLogger } from "../src/app/create-logger.ts";
import { startMemoryProbe } from "./start-memory-probe.ts";

const config = loadConfig(process.env);
const log = createLogger({ level: config.logLevel, secrets: [config.cometapi.apiKey] });
// The fakes' loopback addresses are let through by IMAGINE_ALLOW_LOOPBACK_URLS (see bot-env.ts).
const bot = await startBot({ config, log, adapters: await adaptersFor(config) });
startMemoryProbe();
process.send?.({ type: "ready", port: bot.http.port });
process.on("SIGTERM", () => void bot.stop().then(() => process.exit(0)));
