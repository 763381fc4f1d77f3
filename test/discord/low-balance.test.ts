import { afterEach, expect, it } from "vitest";
import { guild, startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const modlogChannelId = guild.threads[0]!.id;
const manageGuild = (1n << 5n).toString();

it("says in the mod-log, once, that CometAPI's balance fell below the mark, and shows it to the operator", async () => {
  // The fake's account holds $2,105.23.
  harness = await startDiscordHarness({
    IMAGINE_LOW_BALANCE_USD: "2500",
    DISCORD_MODLOG_CHANNEL_ID: modlogChannelId,
    IMAGINE_ADMIN_USER_IDS: "800000000000000401",
  });
  const { discord } = harness;
  await harness.waitUntil(
    () => discord.channelMessages(modlogChannelId).length > 0,
    "the low-balance notice",
  );
  expect(discord.channelMessages(modlogChannelId).map((message) => message.content)).toEqual([
    "CometAPI's balance is $2105.23, below the $2500.00 set in IMAGINE\\_LOW\\_BALANCE\\_USD: top it up to keep images coming.",
  ]);
  expect(discord.channelMessages(modlogChannelId)[0]?.allowedMentions).toEqual({ parse: [] });

  const { token } = discord.sendInteraction({
    commandName: "imagine-usage",
    userId: "800000000000000401",
    memberPermissions: manageGuild,
  });
  const answer = await harness.privateAnswer(token);
  expect(answer.split("\n").at(-1)).toMatch(/^CometAPI balance: \$2,105\.23 \(keys: .*\), read \d+ s ago\.$/);
});
