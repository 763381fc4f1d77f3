import { DiscordAPIError } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  deliverMessages,
  isReplyGone,
  ReplyUnavailableError,
  type DeliveryRoutes,
} from "../../src/discord/deliver/deliver-messages.ts";
import type { DiscordPayload } from "../../src/discord/render/render-view.ts";
import { captureLog } from "../support/capture-log.ts";

const message = (content: string): DiscordPayload => ({ content, files: [] });
const unknownWebhook = () =>
  new DiscordAPIError({ code: 10015, message: "Unknown Webhook" }, 10015, 404, "PATCH", "/x", {});

/** Routes that record where each message went; `failAt` makes the reply fail from that message on. */
function recordingRoutes(failAt: number, error: unknown = unknownWebhook()) {
  const went: string[] = [];
  let replied = 0;
  const viaReply = async (where: string, payload: DiscordPayload) => {
    if (replied++ >= failAt) throw error;
    went.push(`${where}:${payload.content}`);
  };
  const routes: DeliveryRoutes = {
    editReply: (payload) => viaReply("edit", payload),
    followUp: (payload) => viaReply("follow-up", payload),
    postToChannel: async (payload, first) => {
      went.push(`channel${first ? " (mention)" : ""}:${payload.content}`);
    },
  };
  return { routes, went };
}

describe("delivering the result", () => {
  it("edits the reply with the first message and follows up with the rest", async () => {
    const { routes, went } = recordingRoutes(Infinity);
    await deliverMessages([message("a"), message("b")], routes, captureLog().log);
    expect(went).toEqual(["edit:a", "follow-up:b"]);
  });

  it("posts everything in the channel, mentioning the person once, when the reply is gone", async () => {
    const { routes, went } = recordingRoutes(0);
    await deliverMessages([message("a"), message("b")], routes, captureLog().log);
    expect(went).toEqual(["channel (mention):a", "channel:b"]);
  });

  it("posts only what did not land when a follow-up fails, so nothing shows twice", async () => {
    const { routes, went } = recordingRoutes(1, new Error("502"));
    const log = captureLog();
    await deliverMessages([message("a"), message("b"), message("c")], routes, log.log);
    expect(went).toEqual(["edit:a", "channel (mention):b", "channel:c"]);
    expect(log.records().some((record) => record["level"] === 40)).toBe(true);
  });

  it("tells a gone reply from a failure worth a warning", () => {
    expect(isReplyGone(unknownWebhook())).toBe(true);
    expect(isReplyGone(new ReplyUnavailableError("expired"))).toBe(true);
    expect(isReplyGone(new Error("socket hang up"))).toBe(false);
  });
});
