import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import { startBotProcess, type BotProcess } from "../support/start-bot-process.ts";

let bot: BotProcess | undefined;
let discord: FakeDiscord | undefined;
let cometapi: FakeCometApi | undefined;

afterEach(async () => {
  await bot?.stop();
  await discord?.close();
  await cometapi?.close();
  bot = discord = cometapi = undefined;
});

describe("the bot process with Discord over HTTP interactions", () => {
  it("serves Discord's PING on PORT at /discord/interactions, without ever touching the gateway", async () => {
    discord = await startFakeDiscord({ interactions: "http" });
    cometapi = await startFakeCometApi();
    bot = startBotProcess(
      { discord, cometapi },
      { DISCORD_MODE: "http", DISCORD_PUBLIC_KEY: discord.publicKey },
      "discord-http",
    );
    const running = await bot.waitForLine((line) => line.includes('"msg":"imagine-bot is running"'));
    const { port } = JSON.parse(running) as { port: number };
    expect(bot.lines.join("\n")).toContain("platforms: Discord (HTTP interactions at /discord/interactions");
    discord.deliverInteractionsTo(`http://127.0.0.1:${port}/discord/interactions`);

    const ping = await discord.ping();
    expect(ping.status).toBe(200);
    expect(ping.json).toEqual({ type: 1 });
    discord.tamperNextInteraction({ signature: "forged" });
    expect((await discord.ping()).status).toBe(401);

    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(discord.gatewayConnections).toBe(0);
    expect(discord.protocolErrors).toEqual([]);
    expect(discord.calls.map((call) => call.route)).toEqual(["currentApplication"]);
  });
});
