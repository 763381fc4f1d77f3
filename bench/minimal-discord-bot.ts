// The yardstick: a discord.js bot that only defers and posts a fixed image, with the same REST
// transport as imagine-bot. What it costs is what discord.js itself costs on this machine.
import { once } from "node:events";
import { Client, Events, GatewayIntentBits } from "discord.js";
import { Agent } from "undici";
import { createMakeRequest } from "../src/discord/deliver/make-request.ts";
import { makePng } from "../test/fakes/png.ts";
import { startMemoryProbe } from "./start-memory-probe.ts";

const image = makePng(1024, 1024, [40, 80, 160]);
const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: {
    api: process.env.DISCORD_API_BASE_URL!,
    makeRequest: createMakeRequest(new Agent({ keepAliveTimeout: 30_000 })),
  },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  void (async () => {
    await interaction.deferReply();
    await interaction.editReply({
      files: [{ attachment: image, name: "imagine-1.png" }],
      allowedMentions: { parse: [] },
    });
  })().catch((error: unknown) => console.error(error));
});
const ready = once(client, Events.ClientReady);
await client.login(process.env.DISCORD_TOKEN);
await ready;
startMemoryProbe();
process.send?.({ type: "ready" });
process.on("SIGTERM", () => void client.destroy().then(() => process.exit(0)));
