import { describe, expect, it } from "vitest";
import type { Actor } from "../../../src/core/policy/actor.ts";
import { actor } from "../../support/actors.ts";
import { createCore } from "../../support/create-core.ts";
import { acceptedId } from "../../support/job-rows.ts";

describe("a person's history", () => {
  it("lists only their own jobs on that platform, newest first, as many as asked", async () => {
    const { imagine, clock } = createCore({ concurrency: 4 });
    const discordUser = actor({ userId: "u1" });
    const slackUser = actor({ userId: "u1", platform: "slack", workspaceId: "T1" });
    const submit = async (prompt: string, who: Actor) => {
      clock.now += 60_000;
      return acceptedId(
        await imagine.submit({ request: { prompt }, actor: who, openSink: () => () => undefined }),
      );
    };
    const first = await submit("first", discordUser);
    await submit("someone else's", actor({ userId: "u2" }));
    const second = await submit("second", discordUser);
    const onSlack = await submit("on slack", slackUser);
    const third = await submit("third", actor({ userId: "u1", workspaceId: "g2", channelId: "c9" }));

    const ids = async (who: Actor, limit: number) => (await imagine.history(who, limit)).map((job) => job.id);
    expect(await ids(discordUser, 10)).toEqual([third, second, first]);
    expect(await ids(discordUser, 2)).toEqual([third, second]);
    expect(await ids(slackUser, 10)).toEqual([onSlack]);
    expect(await ids(actor({ userId: "nobody" }), 10)).toEqual([]);
    expect((await imagine.history(discordUser, 1))[0]?.request.prompt).toBe("third");
  });
});
