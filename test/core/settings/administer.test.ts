import { describe, expect, it } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import { createPolicy, type AccessRules, type PolicyOptions } from "../../../src/core/policy/policy.ts";
import type { GenerationRequest } from "../../../src/core/requests/request.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import { createSqliteStore } from "../../../src/core/store/sqlite-store.ts";
import type { Store } from "../../../src/core/store/store.ts";
import {
  createAdministration,
  type AdminAnswer,
  type AdminCommand,
  type AdminRefusal,
  type SettingChangeEntry,
} from "../../../src/core/settings/administer.ts";
import type { Actor } from "../../../src/core/policy/actor.ts";
import { actor } from "../../support/actors.ts";
import { middayUtc } from "../../support/fixed-clock.ts";
import { makeTempDir } from "../../support/make-temp-dir.ts";

const request: GenerationRequest = {
  prompt: "a lighthouse",
  model: "gpt-image-1",
  size: "1024x1024",
  count: 1,
  outputFormat: "png",
};

const open: AccessRules = { allowedChannelIds: [], allowedGroupIds: [], allowDirectMessages: false };
const admin = actor({ admin: true, userId: "boss" });
const member = (channelId = "c1", userId = "u1") => actor({ channelId, userId });

function setUp(overrides: Partial<PolicyOptions> = {}, store: Store = createMemoryStore()) {
  const entries: SettingChangeEntry[] = [];
  const policy = createPolicy({
    access: { discord: open, slack: { ...open } },
    cooldownSeconds: 0,
    dailyLimitPerUser: 0,
    images: { defaultModel: "gpt-image-1", models: ["gpt-image-1", "dall-e-3"] },
    store,
    now: () => middayUtc,
    ...overrides,
  });
  const administer = createAdministration({
    policy,
    store,
    now: () => middayUtc,
    settingsLog: (entry) => void entries.push(entry),
  });
  const run = (who: Actor, command: AdminCommand) => administer(who, command);
  const admit = async (who: Actor) => {
    const result = await policy.admit(who, request);
    return result instanceof ImagineError ? result.code : "allowed";
  };
  return { policy, run, admit, entries, store };
}

const answered = (result: AdminAnswer | AdminRefusal) => {
  if ("refused" in result) throw new Error(`refused: ${result.refused.key}`);
  return result;
};

describe("admin settings made in chat", () => {
  it("refuses people who do not administer the server, and direct messages, changing nothing", async () => {
    const { run, admit, entries } = setUp({ access: { discord: { ...open, allowedChannelIds: ["art"] } } });
    const stranger = await run(member(), { kind: "channel", action: "allow", channelId: "c1" });
    expect(stranger).toEqual({ refused: { key: "admin:problems.notAdmin.discord" } });
    const inDm = await run(actor({ admin: true, isDirectMessage: true }), { kind: "show" });
    expect(inDm).toEqual({ refused: { key: "admin:problems.notHere" } });
    expect(await admit(member("c1"))).toBe("not_allowed_channel");
    expect(entries).toEqual([]);
  });

  it("lets an operator named in IMAGINE_ADMIN_USER_IDS administer without Manage Server", async () => {
    const { run } = setUp({ operatorUserIds: ["discord:op"] });
    expect("refused" in (await run(actor({ userId: "op" }), { kind: "show" }))).toBe(false);
  });

  it("allows a channel the environment does not, and reset gives it back to the environment's rule", async () => {
    const { run, admit } = setUp({ access: { discord: { ...open, allowedChannelIds: ["art"] } } });
    expect(await admit(member("memes"))).toBe("not_allowed_channel");
    const answer = answered(await run(admin, { kind: "channel", action: "allow", channelId: "memes" }));
    expect(answer.place.access?.allowedChannelIds).toEqual(["art", "memes"]);
    expect(await admit(member("memes"))).toBe("allowed");
    expect(await admit(member("art"))).toBe("allowed");
    await run(admin, { kind: "channel", action: "reset", channelId: "memes" });
    expect(await admit(member("memes"))).toBe("not_allowed_channel");
  });

  it("denies a channel, a role and a person only in the server where the admin made the change", async () => {
    const { run, admit } = setUp();
    await run(admin, { kind: "channel", action: "deny", channelId: "c1" });
    expect(await admit(member("c1"))).toBe("not_allowed_channel");
    expect(await admit(actor({ channelId: "c1", workspaceId: "other" }))).toBe("allowed");

    await run(admin, { kind: "group", action: "deny", groupId: "rowdy" });
    expect(await admit(actor({ channelId: "c2", groups: ["rowdy"] }))).toBe("not_allowed_role");
    await run(admin, { kind: "group", action: "allow", groupId: "artists" });
    expect(await admit(actor({ channelId: "c2", groups: [] }))).toBe("not_allowed_role");
    expect(await admit(actor({ channelId: "c2", groups: ["artists"] }))).toBe("allowed");

    await run(admin, { kind: "user", action: "block", userId: "troll" });
    expect(await admit(actor({ channelId: "c2", userId: "troll", groups: ["artists"] }))).toBe(
      "not_allowed_user",
    );
    expect(await admit(actor({ channelId: "c2", userId: "troll", workspaceId: "other" }))).toBe("allowed");
    await run(admin, { kind: "user", action: "unblock", userId: "troll" });
    expect(await admit(actor({ channelId: "c2", userId: "troll", groups: ["artists"] }))).toBe("allowed");
  });

  it("applies a daily limit set in chat to the next request, and keeps it across a restart", async () => {
    const dir = makeTempDir("settings");
    const first = setUp({}, await createSqliteStore(dir, { now: () => middayUtc }));
    const answer = answered(await first.run(admin, { kind: "set", key: "daily_limit_per_user", value: "1" }));
    expect(answer.change).toEqual({
      target: { kind: "setting", key: "daily_limit_per_user" },
      from: "0",
      to: "1",
    });
    expect(await first.admit(member())).toBe("allowed");
    expect(await first.admit(member())).toBe("daily_limit");
    await first.store.close();

    const second = setUp({}, await createSqliteStore(dir, { now: () => middayUtc }));
    expect(await second.admit(member())).toBe("daily_limit");
    expect(await second.admit(member("c1", "u2"))).toBe("allowed");
    const shown = answered(await second.run(admin, { kind: "show" }));
    expect(shown.place.values.daily_limit_per_user).toEqual({ value: 1, source: "workspace" });
    await second.store.close();
  });

  it("refuses a value the bot cannot use, with the sentence saying why, and changes nothing", async () => {
    const { run, policy } = setUp();
    const refused = async (command: AdminCommand, who: Actor = admin) => {
      const result = await run(who, command);
      return "refused" in result ? result.refused : undefined;
    };
    expect(await refused({ kind: "set", key: "cooldown_seconds", value: "ten" })).toMatchObject({
      key: "admin:problems.wholeNumber",
      values: { value: "ten" },
    });
    expect(await refused({ kind: "set", key: "default_model", value: "flux-pro" })).toEqual({
      key: "admin:problems.model",
      values: { value: "flux-pro", models: "gpt-image-1, dall-e-3" },
    });
    expect(await refused({ kind: "set", key: "default_size", value: "999x999" })).toMatchObject({
      key: "admin:problems.size",
      values: { model: "gpt-image-1" },
    });
    expect(await refused({ kind: "set", key: "budget_per_user_daily_usd", value: "-1" })).toMatchObject({
      key: "admin:problems.dollars",
    });
    expect(
      await refused({ kind: "set", key: "spoilers", value: "on" }, actor({ admin: true, platform: "slack" })),
    ).toEqual({ key: "admin:problems.noSpoilers" });
    expect(await refused({ kind: "set", key: "modlog_channel", value: "c9", channelId: "c1" })).toEqual({
      key: "admin:problems.notForChannel.discord",
      values: { key: "modlog_channel" },
    });
    const place = await policy.placeOf(admin);
    expect(place.values.cooldown_seconds).toEqual({ value: 0, source: "environment" });
    expect(place.values.default_model).toEqual({ value: "gpt-image-1", source: "environment" });
  });

  it("checks a default size against the default model set here", async () => {
    const { run } = setUp();
    await run(admin, { kind: "set", key: "default_model", value: "dall-e-3" });
    const size = await run(admin, { kind: "set", key: "default_size", value: "1536x1024" });
    expect("refused" in size && size.refused.key).toBe("admin:problems.size");
    const quality = answered(await run(admin, { kind: "set", key: "default_quality", value: "HD" }));
    expect(quality.place.values.default_quality).toEqual({ value: "hd", source: "workspace" });
  });

  it("lays environment < policy file < server < channel, naming each value's source", async () => {
    const { run, policy } = setUp({
      cooldownSeconds: 5,
      dailyLimitPerUser: 3,
      fromPolicyFile: ["daily_limit_per_user"],
    });
    let place = await policy.placeOf(admin);
    expect(place.values.cooldown_seconds).toEqual({ value: 5, source: "environment" });
    expect(place.values.daily_limit_per_user).toEqual({ value: 3, source: "policy_file" });

    await run(admin, { kind: "set", key: "cooldown_seconds", value: "30" });
    await run(admin, { kind: "set", key: "cooldown_seconds", value: "60", channelId: "slow" });
    place = await policy.placeOf(member("c1"));
    expect(place.values.cooldown_seconds).toEqual({ value: 30, source: "workspace" });
    place = await policy.placeOf(member("slow"));
    expect(place.values.cooldown_seconds).toEqual({ value: 60, source: "channel" });
    place = await policy.placeOf(actor({ channelId: "thread", parentChannelId: "slow" }));
    expect(place.values.cooldown_seconds).toEqual({ value: 60, source: "channel" });

    await run(admin, { kind: "unset", key: "cooldown_seconds" });
    place = await policy.placeOf(member("c1"));
    expect(place.values.cooldown_seconds).toEqual({ value: 5, source: "environment" });
  });

  it("keeps locked settings out of chat, including a value stored before the lock", async () => {
    const store = createMemoryStore();
    const before = setUp({}, store);
    await before.run(admin, { kind: "set", key: "budget_per_user_daily_usd", value: "50" });
    expect((await before.policy.placeOf(admin)).values.budget_per_user_daily_usd.value).toBe(50);

    const locked = setUp(
      { budgetPerUserDailyUsd: 1, lockedSettings: ["budget_per_user_daily_usd", "channels"] },
      store,
    );
    expect((await locked.policy.placeOf(admin)).values.budget_per_user_daily_usd).toEqual({
      value: 1,
      source: "environment",
    });
    expect(await locked.run(admin, { kind: "set", key: "budget_per_user_daily_usd", value: "99" })).toEqual({
      refused: { key: "admin:problems.locked", values: { key: "budget_per_user_daily_usd" } },
    });
    expect(await locked.run(admin, { kind: "channel", action: "deny", channelId: "c1" })).toEqual({
      refused: { key: "admin:problems.locked", values: { key: "channels" } },
    });
    expect(await locked.admit(member("c1"))).toBe("allowed");
  });

  it("writes each change to the mod-log of the server, from what to what, and nothing for no change", async () => {
    const { run, entries } = setUp({ access: { discord: { ...open, modlogChannelId: "modlog" } } });
    await run(admin, { kind: "set", key: "cooldown_seconds", value: "30" });
    await run(admin, { kind: "set", key: "cooldown_seconds", value: "30" });
    await run(admin, { kind: "channel", action: "deny", channelId: "c7" });
    await run(admin, { kind: "show" });
    expect(entries).toEqual([
      {
        platform: "discord",
        modlogChannelId: "modlog",
        workspaceId: "g1",
        userId: "boss",
        change: { target: { kind: "setting", key: "cooldown_seconds" }, from: "0", to: "30" },
      },
      {
        platform: "discord",
        modlogChannelId: "modlog",
        workspaceId: "g1",
        userId: "boss",
        change: { target: { kind: "channel", id: "c7" }, to: "deny" },
      },
    ]);
  });

  it("posts a move of the mod-log in the new channel and in the one it leaves", async () => {
    const { run, entries } = setUp({ access: { discord: { ...open, modlogChannelId: "oldlog" } } });
    await run(admin, { kind: "set", key: "modlog_channel", value: "newlog9" });
    expect(entries.map((entry) => [entry.modlogChannelId, entry.change.from, entry.change.to])).toEqual([
      ["newlog9", "oldlog", "newlog9"],
      ["oldlog", "oldlog", "newlog9"],
    ]);
  });

  it("posts a change of the mod-log channel itself in the new channel", async () => {
    const { run, entries } = setUp();
    await run(admin, { kind: "set", key: "modlog_channel", value: "<#4242>" });
    expect(entries.map((entry) => [entry.modlogChannelId, entry.change.to])).toEqual([["4242", "4242"]]);
  });
});
