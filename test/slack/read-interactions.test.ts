import { describe, expect, it } from "vitest";
import { readButtonClick } from "../../src/slack/inbound/read-button-click.ts";
import { readVarySubmission, varyModal } from "../../src/slack/render/vary-modal.ts";
import { english } from "../../src/core/i18n/messages.ts";

const jobId = "0b7c2a9e-4a43-4c4f-9a59-7f5b1a1f0c11";

/** A `block_actions` payload as Slack sends it for a click in a channel message (trimmed). */
function clickPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "block_actions",
    user: { id: "U0BOB00001", username: "bob", team_id: "T0FAKE0001" },
    team: { id: "T0FAKE0001", domain: "fake-team" },
    channel: { id: "C0CHAN0001", name: "general" },
    container: { type: "message", message_ts: "1700000000.000200", channel_id: "C0CHAN0001" },
    message: { type: "message", ts: "1700000000.000200", thread_ts: "1700000000.000100", text: "Done" },
    trigger_id: "trigger-1",
    response_url: "https://hooks.slack.test/actions/1",
    actions: [
      { type: "button", action_id: `imagine:reroll:${jobId}`, block_id: "b", value: jobId, action_ts: "1" },
    ],
    ...overrides,
  };
}

describe("reading a click on a job's button", () => {
  it("reads who clicked where, which job and which action, and the thread of the clicked message", () => {
    expect(readButtonClick(clickPayload())).toEqual({
      action: "reroll",
      jobId,
      teamId: "T0FAKE0001",
      userId: "U0BOB00001",
      channelId: "C0CHAN0001",
      isDirectMessage: false,
      messageTs: "1700000000.000200",
      threadTs: "1700000000.000100",
      triggerId: "trigger-1",
    });
  });

  it("takes a thread's root as its own thread, and Bolt's team when the payload names none", () => {
    const click = readButtonClick(
      clickPayload({
        team: null,
        user: { id: "U0BOB00001", username: "bob" },
        channel: { id: "D0DIRECT01", name: "directmessage" },
        message: { type: "message", ts: "1700000000.000300" },
      }),
      "T0BOLT0001",
    );
    expect(click).toMatchObject({
      teamId: "T0BOLT0001",
      isDirectMessage: true,
      threadTs: "1700000000.000300",
    });
  });

  it("reads a click in a private message from its container, and answers outside a thread", () => {
    const click = readButtonClick(
      clickPayload({
        container: {
          type: "message",
          message_ts: "1700000000.000400",
          channel_id: "C0CHAN0001",
          is_ephemeral: true,
        },
        message: undefined,
      }),
    );
    expect(click).toMatchObject({ messageTs: "1700000000.000400", channelId: "C0CHAN0001" });
    expect(click?.threadTs).toBeUndefined();
  });

  it("ignores payloads that are not a click on a job's button in a message", () => {
    const otherButton = { actions: [{ type: "button", action_id: "someone-else:reroll", action_ts: "1" }] };
    const inAModal = {
      container: { type: "view", view_id: "V0VIEW0001" },
      message: undefined,
      channel: undefined,
    };
    const noTeam = { team: null, user: { id: "U0BOB00001", username: "bob" } };
    expect(readButtonClick(clickPayload(otherButton))).toBeUndefined();
    expect(readButtonClick(clickPayload(inAModal))).toBeUndefined();
    expect(readButtonClick(clickPayload(noTeam))).toBeUndefined();
    expect(readButtonClick("payload=garbage")).toBeUndefined();
  });
});

describe("reading a Vary form's submission", () => {
  const target = { jobId, channelId: "C0CHAN0001", threadTs: "1700000000.000100" };
  const submitted = (privateMetadata: string, value: string | null) => ({
    private_metadata: privateMetadata,
    state: { values: { prompt: { prompt: { type: "plain_text_input", value } } } },
  });

  it("reads back the job and thread the form was opened for, and the prompt as typed", () => {
    const opened = varyModal(target, "a cat", english);
    expect(readVarySubmission(submitted(opened.private_metadata!, "a dog"))).toEqual({
      ...target,
      prompt: "a dog",
    });
    expect(readVarySubmission(submitted(opened.private_metadata!, null))).toEqual({ ...target, prompt: "" });
  });

  it("carries the job's first image to the submission, for Vary to edit it", () => {
    const opened = varyModal({ ...target, fileId: "F0RESULT01" }, "a cat", english);
    expect(readVarySubmission(submitted(opened.private_metadata!, "a dog"))).toEqual({
      ...target,
      fileId: "F0RESULT01",
      prompt: "a dog",
    });
  });

  it("starts the form with the prompt, cut to what a Slack input holds", () => {
    const input = JSON.stringify(varyModal(target, "x".repeat(5000), english).blocks);
    expect(input).toContain(`"initial_value":"${"x".repeat(2999)}…"`);
  });

  it("refuses a form whose metadata is not the bot's", () => {
    expect(readVarySubmission(submitted("not json", "a dog"))).toBeUndefined();
    expect(readVarySubmission(submitted(JSON.stringify({ jobId }), "a dog"))).toBeUndefined();
    expect(readVarySubmission({ private_metadata: 1 })).toBeUndefined();
  });
});
