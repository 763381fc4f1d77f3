import { expect, it } from "vitest";
import type { ModerationEntry } from "../../../src/core/moderation/moderation-entry.ts";
import { actor } from "../../support/actors.ts";
import { createCore } from "../../support/create-core.ts";
import { refusalCode } from "../../support/job-rows.ts";

it("refuses someone who may not ask here for that, not for the term, and tells the mod-log nothing", async () => {
  const posted: ModerationEntry[] = [];
  const core = createCore(
    { moderationLog: (entry) => posted.push(entry) },
    {
      moderation: { blockedTerms: ["nsfw"] },
      users: { allowedUserIds: [], deniedUserIds: [actor().userId] },
      access: {
        discord: {
          allowedChannelIds: [],
          allowedGroupIds: [],
          allowDirectMessages: false,
          modlogChannelId: "M1",
        },
      },
    },
  );
  const openSink = () => () => undefined;
  const denied = await core.imagine.submit({ request: { prompt: "an nsfw cat" }, actor: actor(), openSink });
  expect(refusalCode(denied)).toBe("not_allowed_user");
  expect(posted).toEqual([]);

  const someoneElse = actor({ userId: "someone-else" });
  const blocked = await core.imagine.submit({
    request: { prompt: "an nsfw cat" },
    actor: someoneElse,
    openSink,
  });
  expect(refusalCode(blocked)).toBe("blocked_prompt");
  expect(posted).toEqual([
    expect.objectContaining({ userId: "someone-else", rule: { kind: "blocked_term", term: "nsfw" } }),
  ]);
});
