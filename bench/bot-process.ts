// The bot under test, in its own process so its memory is its own: configured by the
// environment the bench passes, exactly as `npm start` would be.
import { adaptersFor } from "../src/adapters-for.ts";
import { startBot } from "../src/bot.ts";
import { loadSettings } from "../src/core/load-settings.ts";
import { createLogger } from "../src/core/logger.ts";
import { createMemoryStore } from "../src/core/store/memory-store.ts";
import { startMemoryProbe } from "./memory-probe.ts";

const config = loadSettings(process.env);
const log = createLogger({ level: config.logLevel, secrets: [config.cometapi.apiKey] });
const bot = await startBot({ config, log, adapters: adaptersFor(config), store: createMemoryStore() });
startMemoryProbe();
process.send?.({ type: "ready" });
process.on("SIGTERM", () => void bot.stop().then(() => process.exit(0)));
