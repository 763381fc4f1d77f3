import { describe, expect, it } from "vitest";
import { createPolicy } from "../../../src/core/policy/policy.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import { createAdministration, type AdminAnswer } from "../../../src/core/settings/administer.ts";
import {
  describeAdminAnswer,
  describeSettingChange,
  type AdminWords,
} from "../../../src/core/settings/describe-settings.ts";
import { english } from "../../../src/core/i18n/messages.ts";
import { actor } from "../../support/actors.ts";
import { middayUtc } from "../../support/fixed-clock.ts";

const words: AdminWords = {
  platform: "discord",
  bold: (text) => `**${text}**`,
  code: (text) => `\`${text}\``,
  channel: (id) => `<#${id}>`,
  group: (id) => `<@&${id}>`,
  user: (id) => `<@${id}>`,
};
const admin = actor({ admin: true, userId: "boss" });

function setUp() {
  const store = createMemoryStore();
  const policy = createPolicy({
    access: { discord: { allowedChannelIds: ["art"], allowedGroupIds: [], allowDirectMessages: false } },
    cooldownSeconds: 5,
    dailyLimitPerUser: 3,
    budgetPerUserDailyUsd: 1.5,
    fromPolicyFile: ["daily_limit_per_user"],
    lockedSettings: ["budget_per_user_daily_usd", "users"],
    images: { defaultModel: "gpt-image-1", models: ["gpt-image-1"] },
    store,
    now: () => middayUtc,
  });
  return createAdministration({ policy, store, now: () => middayUtc });
}

const shown = (answer: Awaited<ReturnType<ReturnType<typeof setUp>>>) => {
  if ("refused" in answer) throw new Error(answer.refused.key);
  return describeAdminAnswer(answer as AdminAnswer, words, english).split("\n");
};

describe("admin answers in words", () => {
  it("show names each value with where it comes from, and what is locked", async () => {
    const administer = setUp();
    await administer(admin, { kind: "set", key: "cooldown_seconds", value: "30" });
    await administer(admin, { kind: "channel", action: "allow", channelId: "memes" });
    const lines = shown(await administer(admin, { kind: "show" }));
    expect(lines).toEqual(
      expect.arrayContaining([
        "**Settings for this server**",
        "Channels: only <#art>, <#memes>.",
        "Roles: everyone.",
        "Set in chat: <#memes> allowed.",
        "`cooldown_seconds`: 30 (set for this server)",
        "`daily_limit_per_user`: 3 (policy file)",
        "`daily_limit_per_workspace`: 0 (no limit) (environment)",
        "`budget_per_user_daily_usd`: $1.50 (environment, locked)",
        "`modlog_channel`: nowhere (environment)",
        "`spoilers`: off (environment)",
        "Locked by the bot's operator: users.",
      ]),
    );
  });

  it("a change says what it was and is now, and its mod-log line says who made it", async () => {
    const administer = setUp();
    const answer = await administer(admin, {
      kind: "set",
      key: "cooldown_seconds",
      value: "45",
      channelId: "art",
    });
    expect(shown(answer)[0]).toBe("`cooldown_seconds` in <#art> is now 45 (was 5).");
    const change = "refused" in answer ? undefined : answer.change;
    const line = describeSettingChange(
      { platform: "discord", modlogChannelId: "log", workspaceId: "g1", userId: "boss", change: change! },
      words,
      english,
    );
    expect(line).toBe("<@boss> changed `cooldown_seconds` in <#art> from 5 to 45.");
    const blocked = await administer(admin, { kind: "group", action: "deny", groupId: "r9" });
    expect(shown(blocked)[0]).toBe("<@&r9> is now denied.");
  });
});
