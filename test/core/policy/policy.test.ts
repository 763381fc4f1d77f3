import { describe, expect, it } from "vitest";
import { ImagineError } from "../../../src/core/errors/errors.ts";
import { createPolicy, type AccessRules, type PolicyOptions } from "../../../src/core/policy/policy.ts";
import type { GenerationRequest } from "../../../src/core/requests/request.ts";
import { createMemoryStore } from "../../../src/core/store/memory-store.ts";
import { actor } from "../../support/actors.ts";

const request = (count = 1): GenerationRequest => ({
  prompt: "a cat",
  model: "gpt-image-1",
  size: "1024x1024",
  count,
  outputFormat: "png",
});

const open: AccessRules = { allowedChannelIds: [], allowedGroupIds: [], allowDirectMessages: false };

function policyAt(clock: { now: number }, overrides: Partial<PolicyOptions> = {}) {
  return createPolicy({
    access: { discord: open },
    cooldownSeconds: 0,
    dailyLimitPerUser: 0,
    store: createMemoryStore(),
    now: () => clock.now,
    ...overrides,
  });
}

async function decision(promise: Promise<unknown>): Promise<string> {
  const result = await promise;
  return result instanceof ImagineError ? result.code : "allowed";
}

describe("policy: where and who", () => {
  it("allows anyone anywhere when no rule is set", async () => {
    expect(await decision(policyAt({ now: 0 }).admit(actor(), request()))).toBe("allowed");
  });

  it("allows only the listed channels, and names them in the refusal", async () => {
    const policy = policyAt(
      { now: 0 },
      { access: { discord: { ...open, allowedChannelIds: ["art", "memes"] } } },
    );
    expect(await decision(policy.admit(actor({ channelId: "art" }), request()))).toBe("allowed");
    const refusal = await policy.admit(actor({ channelId: "general" }), request());
    expect(refusal).toBeInstanceOf(ImagineError);
    expect((refusal as ImagineError).code).toBe("not_allowed_channel");
    expect((refusal as ImagineError).context.allowedIds).toEqual(["art", "memes"]);
  });

  it("counts a thread as its parent channel", async () => {
    const policy = policyAt({ now: 0 }, { access: { discord: { ...open, allowedChannelIds: ["art"] } } });
    expect(
      await decision(policy.admit(actor({ channelId: "thread9", parentChannelId: "art" }), request())),
    ).toBe("allowed");
    expect(
      await decision(policy.admit(actor({ channelId: "thread9", parentChannelId: "x" }), request())),
    ).toBe("not_allowed_channel");
  });

  it("requires one of the allowed roles or groups", async () => {
    const policy = policyAt({ now: 0 }, { access: { discord: { ...open, allowedGroupIds: ["artist"] } } });
    expect(await decision(policy.admit(actor({ groups: ["artist", "x"] }), request()))).toBe("allowed");
    expect(await decision(policy.admit(actor({ groups: ["x"] }), request()))).toBe("not_allowed_role");
  });

  it("refuses direct messages unless the operator allows them", async () => {
    const dm = actor({ isDirectMessage: true, channelId: "dm1" });
    delete (dm as { workspaceId?: string }).workspaceId;
    expect(await decision(policyAt({ now: 0 }).admit(dm, request()))).toBe("direct_messages_disabled");
    const allowing = policyAt({ now: 0 }, { access: { discord: { ...open, allowDirectMessages: true } } });
    expect(await decision(allowing.admit(dm, request()))).toBe("allowed");
  });

  it("applies each platform's own rules", async () => {
    const policy = policyAt({ now: 0 }, { access: { discord: { ...open, allowedChannelIds: ["d1"] } } });
    expect(await decision(policy.admit(actor({ platform: "slack", channelId: "C1" }), request()))).toBe(
      "allowed",
    );
  });
});

describe("policy: how often and how much", () => {
  it("enforces the cooldown to the second and says how long is left", async () => {
    const clock = { now: Date.UTC(2026, 10, 25, 12) };
    const policy = policyAt(clock, { cooldownSeconds: 60 });
    expect(await decision(policy.admit(actor(), request()))).toBe("allowed");
    clock.now += 18_000;
    const refusal = (await policy.admit(actor(), request())) as ImagineError;
    expect(refusal.code).toBe("cooldown");
    expect(refusal.context.retryAfterSeconds).toBe(42);
    clock.now += 41_999;
    expect(await decision(policy.admit(actor(), request()))).toBe("cooldown");
    clock.now += 1;
    expect(await decision(policy.admit(actor(), request()))).toBe("allowed");
  });

  it("keeps each person's cooldown to themselves", async () => {
    const policy = policyAt({ now: 0 }, { cooldownSeconds: 60 });
    await policy.admit(actor({ userId: "a" }), request());
    expect(await decision(policy.admit(actor({ userId: "b" }), request()))).toBe("allowed");
  });

  it("counts images against the daily limit and resets at 00:00 UTC", async () => {
    const clock = { now: Date.UTC(2026, 10, 25, 23, 59, 0) };
    const policy = policyAt(clock, { dailyLimitPerUser: 3 });
    expect(await decision(policy.admit(actor(), request(2)))).toBe("allowed");
    const refusal = (await policy.admit(actor(), request(2))) as ImagineError;
    expect(refusal.code).toBe("daily_limit");
    expect(refusal.context.limit).toBe(3);
    expect(refusal.context.remaining).toBe(1);
    expect(await decision(policy.admit(actor(), request(1)))).toBe("allowed");
    expect(await decision(policy.admit(actor(), request(1)))).toBe("daily_limit");
    clock.now = Date.UTC(2026, 10, 26, 0, 0, 0);
    expect(await decision(policy.admit(actor(), request(3)))).toBe("allowed");
  });

  it("gives back the images and the cooldown when the job made nothing", async () => {
    const clock = { now: 0 };
    const policy = policyAt(clock, { dailyLimitPerUser: 1, cooldownSeconds: 600 });
    const admission = await policy.admit(actor(), request());
    if (admission instanceof ImagineError) throw admission;
    await admission.refund();
    await admission.refund();
    expect(await decision(policy.admit(actor(), request()))).toBe("allowed");
  });

  it("decides one person's simultaneous requests one at a time", async () => {
    const policy = policyAt({ now: 0 }, { cooldownSeconds: 60 });
    const results = await Promise.all([1, 2, 3].map(() => decision(policy.admit(actor(), request()))));
    expect(results.sort()).toEqual(["allowed", "cooldown", "cooldown"]);
  });

  it("never lets two policies over one store pass a limit together when a burst reaches both at once", async () => {
    const burst = async (options: Partial<PolicyOptions>, people: readonly string[]) => {
      const store = createMemoryStore();
      const policies = [
        policyAt({ now: 0 }, { ...options, store }),
        policyAt({ now: 0 }, { ...options, store }),
      ];
      const results = await Promise.all(
        people.map((userId, index) => decision(policies[index % 2]!.admit(actor({ userId }), request()))),
      );
      return results.sort();
    };
    const samePerson = ["u1", "u1", "u1", "u1"];
    expect(await burst({ maxQueuedPerUser: 2 }, samePerson)).toEqual([
      "allowed",
      "allowed",
      "queue_full",
      "queue_full",
    ]);
    expect(await burst({ cooldownSeconds: 60 }, samePerson)).toEqual([
      "allowed",
      "cooldown",
      "cooldown",
      "cooldown",
    ]);
    expect(await burst({ dailyLimitPerUser: 3 }, samePerson)).toEqual([
      "allowed",
      "allowed",
      "allowed",
      "daily_limit",
    ]);
    expect(await burst({ dailyLimitPerWorkspace: 1 }, ["a", "b", "c", "d"])).toEqual([
      "allowed",
      "workspace_daily_limit",
      "workspace_daily_limit",
      "workspace_daily_limit",
    ]);
  });

  it("frees a place in line on release, and gives images and the cooldown back only on refund", async () => {
    const policy = policyAt({ now: 0 }, { maxQueuedPerUser: 1, dailyLimitPerUser: 2 });
    const first = await policy.admit(actor(), request());
    if (first instanceof ImagineError) throw first;
    expect(await decision(policy.admit(actor(), request()))).toBe("queue_full");
    await first.release();
    await first.release();
    const second = await policy.admit(actor(), request());
    if (second instanceof ImagineError) throw second;
    await second.release();
    expect(await decision(policy.admit(actor(), request()))).toBe("daily_limit");
    await second.refund();
    expect(await decision(policy.admit(actor(), request()))).toBe("allowed");
  });

  it("says how many images are left today, or none, and when the limit resets", async () => {
    const clock = { now: Date.UTC(2026, 10, 25, 20, 47, 30) };
    const policy = policyAt(clock, { dailyLimitPerUser: 2 });
    const tooMany = (await policy.admit(actor(), request(3))) as ImagineError;
    expect(tooMany.context).toMatchObject({
      limit: 2,
      remaining: 2,
      retryAfterSeconds: 3 * 3600 + 12 * 60 + 30,
    });
    expect(await decision(policy.admit(actor(), request(2)))).toBe("allowed");
    const none = (await policy.admit(actor(), request(1))) as ImagineError;
    expect(none.context).toMatchObject({ limit: 2, remaining: 0 });
    const shared = policyAt(clock, { dailyLimitPerWorkspace: 5 });
    expect(await decision(shared.admit(actor({ userId: "a" }), request(2)))).toBe("allowed");
    const guild = (await shared.admit(actor({ userId: "b" }), request(4))) as ImagineError;
    expect(guild.code).toBe("workspace_daily_limit");
    expect(guild.context).toMatchObject({ limit: 5, remaining: 3 });
  });
});

describe("policy: finer rules", () => {
  const rules = (extra: Partial<AccessRules>) => ({ access: { discord: { ...open, ...extra } } });

  it("refuses denied channels even when no allow list is set", async () => {
    const policy = policyAt({ now: 0 }, rules({ deniedChannelIds: ["general"] }));
    expect(await decision(policy.admit(actor({ channelId: "general" }), request()))).toBe(
      "not_allowed_channel",
    );
    expect(
      await decision(policy.admit(actor({ channelId: "thread", parentChannelId: "general" }), request())),
    ).toBe("not_allowed_channel");
    expect(await decision(policy.admit(actor({ channelId: "art" }), request()))).toBe("allowed");
  });

  it("refuses members holding a denied role, whatever else they hold", async () => {
    const policy = policyAt({ now: 0 }, rules({ deniedGroupIds: ["muted"], allowedGroupIds: ["artist"] }));
    const refusal = (await policy.admit(actor({ groups: ["artist", "muted"] }), request())) as ImagineError;
    expect(refusal.code).toBe("not_allowed_role");
    expect(refusal.context.deniedIds).toEqual(["muted"]);
  });

  it("serves only the allowed guilds", async () => {
    const policy = policyAt({ now: 0 }, rules({ allowedWorkspaceIds: ["g1"] }));
    expect(await decision(policy.admit(actor({ workspaceId: "g1" }), request()))).toBe("allowed");
    expect(await decision(policy.admit(actor({ workspaceId: "g2" }), request()))).toBe("not_allowed_guild");
  });

  it("always refuses denied users and lets allowed users past the role rule", async () => {
    const policy = policyAt(
      { now: 0 },
      {
        ...rules({ allowedGroupIds: ["artist"] }),
        users: { allowedUserIds: ["vip"], deniedUserIds: ["discord:troll"] },
      },
    );
    expect(await decision(policy.admit(actor({ userId: "vip" }), request()))).toBe("allowed");
    expect(await decision(policy.admit(actor({ userId: "troll", groups: ["artist"] }), request()))).toBe(
      "not_allowed_user",
    );
    expect(await decision(policy.admit(actor({ userId: "other" }), request()))).toBe("not_allowed_role");
  });

  it("applies a guild's overrides over the platform's rules", async () => {
    const policy = policyAt(
      { now: 0 },
      {
        ...rules({
          allowedChannelIds: ["a"],
          workspaces: { g2: { allowedChannelIds: ["b"], cooldownSeconds: 60 } },
        }),
      },
    );
    expect(await decision(policy.admit(actor({ workspaceId: "g1", channelId: "a" }), request()))).toBe(
      "allowed",
    );
    expect(await decision(policy.admit(actor({ workspaceId: "g2", channelId: "a" }), request()))).toBe(
      "not_allowed_channel",
    );
    expect(await decision(policy.admit(actor({ workspaceId: "g2", channelId: "b" }), request()))).toBe(
      "allowed",
    );
    expect(await decision(policy.admit(actor({ workspaceId: "g2", channelId: "b" }), request()))).toBe(
      "cooldown",
    );
  });

  it("counts a guild's images against its daily limit", async () => {
    const policy = policyAt({ now: 0 }, { dailyLimitPerWorkspace: 3 });
    expect(await decision(policy.admit(actor({ userId: "a" }), request(2)))).toBe("allowed");
    const refusal = (await policy.admit(actor({ userId: "b" }), request(2))) as ImagineError;
    expect(refusal.code).toBe("workspace_daily_limit");
    expect(await decision(policy.admit(actor({ userId: "b", workspaceId: "other" }), request(2)))).toBe(
      "allowed",
    );
  });

  it("lets admins skip limits only when the operator enables it", async () => {
    const strict = policyAt({ now: 0 }, { cooldownSeconds: 60 });
    await strict.admit(actor({ admin: true }), request());
    expect(await decision(strict.admit(actor({ admin: true }), request()))).toBe("cooldown");
    const lenient = policyAt({ now: 0 }, { cooldownSeconds: 60, ...rules({ adminsBypassLimits: true }) });
    await lenient.admit(actor({ admin: true }), request());
    expect(await decision(lenient.admit(actor({ admin: true }), request()))).toBe("allowed");
    await lenient.admit(actor({ userId: "pleb" }), request());
    expect(await decision(lenient.admit(actor({ userId: "pleb" }), request()))).toBe("cooldown");
  });
});
