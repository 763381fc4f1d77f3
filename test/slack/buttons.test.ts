import { afterEach, describe, expect, it } from "vitest";
import type { FakeMessage } from "../fakes/slack/index.ts";
import { untilStatus } from "../support/job-rows.ts";
import {
  alice,
  bob,
  buttonsIn,
  channel,
  hasImages,
  hasLastWord,
  png,
  startHarness,
  withButtons,
  type Harness,
} from "./harness.ts";

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const imageMessages = (messages: FakeMessage[]) => messages.filter((message) => message.files?.length);

/** Mentions the bot and waits for the images and the last word with its buttons. */
async function makeImage(h: Harness, text: string): Promise<{ ts: string; lastWord: FakeMessage }> {
  const ts = await h.mention(text);
  const thread = await h.waitForThread(
    channel,
    ts,
    (messages) => hasImages(messages) && withButtons(messages).length === 1,
  );
  return { ts, lastWord: withButtons(thread)[0]! };
}

/** The job a message's buttons act on. */
const jobIdOf = (message: FakeMessage) => buttonsIn(message)[0]!.value;

describe("the buttons on a result", () => {
  it("puts Reroll, Vary, Bigger and Delete under the last word, naming the job, and records where it all is", async () => {
    harness = await startHarness();
    harness.cometapi.enqueue({ kind: "json", images: [png.image1, png.image2] });

    const { ts, lastWord } = await makeImage(harness, "a lighthouse --n 2");

    const [recorded] = await harness.store.recentJobs("slack", alice, 1);
    const id = recorded!.id;
    // Its end is recorded once the last word has landed, a moment after the fake shows it.
    const job = await untilStatus(harness.store, id, "done");
    expect(buttonsIn(lastWord)).toEqual([
      { action_id: `imagine:reroll:${id}`, value: id, label: "🔁 Reroll" },
      { action_id: `imagine:vary:${id}`, value: id, label: "✏️ Vary" },
      { action_id: `imagine:bigger:${id}`, value: id, label: "🔍 Bigger" },
      { action_id: `imagine:delete:${id}`, value: id, label: "🗑️ Delete" },
    ]);
    // The text stays, for notifications and clients that cannot draw blocks.
    expect(lastWord.text).toMatch(/^:white_check_mark: Done in .* 2 images are below\.$/);
    const images = imageMessages(harness.slack.messagesIn(channel, ts))[0]!;
    expect(job).toMatchObject({
      status: "done",
      messageRefs: { threadTs: ts, placeholderTs: lastWord.ts },
      imageRefs: images.files!.map((file) => file.id),
    });
  });

  it("rerolls for whoever clicks: a new job for them with the same prompt, its images in the same thread", async () => {
    harness = await startHarness();
    const { cometapi, slack, store } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const { ts, lastWord } = await makeImage(harness, "a red kite --quality low");

    await harness.click(lastWord, "reroll", bob);
    const thread = await harness.waitForThread(
      channel,
      ts,
      (messages) => imageMessages(messages).length === 2,
    );

    expect(cometapi.requests.map((request) => request.body)).toEqual([
      expect.objectContaining({ prompt: "a red kite", quality: "low" }),
      expect.objectContaining({ prompt: "a red kite", quality: "low" }),
    ]);
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1, png.image2]);
    expect(imageMessages(thread).every((message) => message.thread_ts === ts)).toBe(true);
    const [rerolled] = await store.recentJobs("slack", bob, 1);
    expect(rerolled).toMatchObject({
      userId: bob,
      parentId: jobIdOf(lastWord),
      messageRefs: { threadTs: ts },
    });
    // Bob's own result gets its own buttons.
    await harness.waitForThread(channel, ts, (messages) => withButtons(messages).length === 2);
  });

  it("asks for the model's largest size and highest quality on Bigger", async () => {
    harness = await startHarness();
    const { cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const { ts, lastWord } = await makeImage(harness, "a fox --size 1024x1024 --quality low");

    await harness.click(lastWord, "bigger", alice);
    await harness.waitForThread(channel, ts, (messages) => imageMessages(messages).length === 2);

    expect(cometapi.requests[1]?.body).toMatchObject({
      prompt: "a fox",
      model: "gpt-image-1",
      size: "1536x1024",
      quality: "high",
    });
  });

  it("opens Vary's modal with the prompt, keeps it open on an empty prompt, and makes the new prompt on submit", async () => {
    harness = await startHarness();
    const { cometapi, slack } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const { ts, lastWord } = await makeImage(harness, "a cat on a wall");

    await harness.click(lastWord, "vary", bob);
    await slack.waitUntil(() => slack.views().length === 1, "the Vary modal to open");
    const [modal] = slack.views();
    expect(modal).toMatchObject({ userId: bob, open: true, view: { callback_id: "imagine:vary" } });
    expect(JSON.stringify(modal!.view["blocks"])).toContain('"initial_value":"a cat on a wall"');

    const prompt = (value: string) => ({ prompt: { prompt: { type: "plain_text_input", value } } });
    const empty = await slack.submitView({ callbackId: "imagine:vary", userId: bob, values: prompt("  ") });
    expect(empty.ack).toEqual({ response_action: "errors", errors: { prompt: expect.any(String) } });
    expect(slack.views()[0]?.open).toBe(true);

    const submitted = await slack.submitView({
      callbackId: "imagine:vary",
      userId: bob,
      values: prompt("a dog on a wall"),
    });
    expect(submitted.ack ?? {}).toEqual({});
    await harness.waitForThread(channel, ts, (messages) => imageMessages(messages).length === 2);

    expect(slack.views()[0]?.open).toBe(false);
    expect(cometapi.requests.map((request) => (request.body as { prompt: string }).prompt)).toEqual([
      "a cat on a wall",
      "a dog on a wall",
    ]);
    expect(slack.uploads.at(-1)?.bytes).toEqual(png.image2);
    const [varied] = await harness.store.recentJobs("slack", bob, 1);
    expect(varied).toMatchObject({ parentId: jobIdOf(lastWord), request: { prompt: "a dog on a wall" } });
  });

  it("refuses someone else's Delete privately and leaves the image where it is", async () => {
    harness = await startHarness();
    const { slack } = harness;
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const { ts, lastWord } = await makeImage(harness, "a castle");
    const before = slack.messagesIn(channel, ts);

    await harness.click(lastWord, "delete", bob);
    await slack.waitForCall((call) => call.method === "chat.postEphemeral");

    expect(slack.ephemeralsFor(channel, bob).map((message) => message.text)).toEqual([
      "Only the person who asked for this image, or a moderator, can delete it.",
    ]);
    expect(slack.ephemeralsFor(channel, bob)[0]?.thread_ts).toBe(ts);
    expect(slack.messagesIn(channel, ts)).toEqual(before);
    expect(
      slack.calls.filter((call) => call.method === "chat.delete" || call.method === "files.delete"),
    ).toEqual([]);
    expect((await harness.store.findJob(jobIdOf(lastWord)))?.status).toBe("done");
  });

  it("answers privately that an image retention has dropped is too old, and makes nothing", async () => {
    harness = await startHarness();
    const { slack, cometapi } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] });
    const { lastWord } = await makeImage(harness, "a windmill");
    expect(await harness.store.pruneJobs(Number.MAX_SAFE_INTEGER)).toBe(1);

    for (const action of ["reroll", "vary", "delete"] as const) {
      await harness.click(lastWord, action, bob);
    }
    await slack.waitUntil(() => slack.ephemeralsFor(channel, bob).length === 3, "three private answers");
    for (const answer of slack.ephemeralsFor(channel, bob)) {
      expect(answer.text).toMatch(/^That image is too old to act on \(images are kept for 30 days\)\./);
    }
    expect(cometapi.requests).toHaveLength(1);
    expect(slack.views()).toEqual([]);
    expect(slack.calls.filter((call) => call.method === "chat.delete")).toEqual([]);
  });

  it("removes the last word and the images on the requester's Delete", async () => {
    harness = await startHarness();
    const { slack } = harness;
    harness.cometapi.enqueue({ kind: "json", images: [png.image1, png.image2] });
    const { ts, lastWord } = await makeImage(harness, "a castle --n 2");
    const fileIds = imageMessages(slack.messagesIn(channel, ts))[0]!.files!.map((file) => file.id);

    await harness.click(lastWord, "delete", alice);
    await slack.waitUntil(
      () =>
        !slack.messagesIn(channel, ts).some((message) => message.ts === lastWord.ts) &&
        fileIds.every((id) => !slack.fileExists(id)),
      "the last word and the images to be gone",
    );

    // What is left is the images' caption, without its files.
    expect(slack.messagesIn(channel, ts).map(({ text, files }) => ({ text, files }))).toEqual([
      { text: expect.stringMatching(/^“a castle”/), files: undefined },
    ]);
    expect((await harness.store.findJob(jobIdOf(lastWord)))?.status).toBe("deleted");
    expect(slack.ephemeralsFor(channel, alice)).toEqual([]);
  });

  it("lets a workspace admin delete anyone's image, asking Slack who is one", async () => {
    harness = await startHarness({ admins: [bob] });
    const { slack } = harness;
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const { ts, lastWord } = await makeImage(harness, "a castle");
    const [fileId] = imageMessages(slack.messagesIn(channel, ts))[0]!.files!.map((file) => file.id);

    await harness.click(lastWord, "delete", bob);
    await slack.waitUntil(
      () =>
        !slack.messagesIn(channel, ts).some((message) => message.ts === lastWord.ts) &&
        !slack.fileExists(fileId!),
      "the admin's delete",
    );

    // Each person once: Alice for her language, Bob for his and whether he is an admin.
    expect(
      slack.calls.filter((call) => call.method === "users.info").map((call) => call.args["user"]),
    ).toEqual([alice, bob]);
    expect(slack.ephemeralsFor(channel, bob)).toEqual([]);
    expect((await harness.store.findJob(jobIdOf(lastWord)))?.status).toBe("deleted");
  });

  it("lets an operator delete anyone's image", async () => {
    harness = await startHarness({ env: { IMAGINE_ADMIN_USER_IDS: `slack:${bob}` } });
    const { slack } = harness;
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const { ts, lastWord } = await makeImage(harness, "a castle");
    const [fileId] = imageMessages(slack.messagesIn(channel, ts))[0]!.files!.map((file) => file.id);

    await harness.click(lastWord, "delete", bob);
    await slack.waitUntil(
      () =>
        !slack.messagesIn(channel, ts).some((message) => message.ts === lastWord.ts) &&
        !slack.fileExists(fileId!),
      "the operator's delete",
    );
    expect(slack.ephemeralsFor(channel, bob)).toEqual([]);
  });
});

describe("Retry on a failure", () => {
  it("puts Retry under a failed job's last word, refuses it to others, and makes the image for the requester", async () => {
    harness = await startHarness();
    const { cometapi, slack } = harness;
    cometapi.enqueue(
      { kind: "error", status: 400, message: "The upstream service hiccuped." },
      { kind: "json", images: [png.image1] },
    );
    const ts = await harness.mention("a lighthouse");
    const thread = await harness.waitForThread(channel, ts, (messages) => withButtons(messages).length === 1);
    const lastWord = withButtons(thread)[0]!;
    const id = jobIdOf(lastWord);
    expect(lastWord.text).toMatch(/^:warning: /);
    expect(buttonsIn(lastWord)).toEqual([{ action_id: `imagine:retry:${id}`, value: id, label: "🔁 Retry" }]);

    await harness.click(lastWord, "retry", bob);
    await slack.waitForCall((call) => call.method === "chat.postEphemeral");
    expect(slack.ephemeralsFor(channel, bob).map((message) => message.text)).toEqual([
      "Only the person who asked for this image can retry it; make your own instead.",
    ]);
    expect(cometapi.requests).toHaveLength(1);

    await harness.click(lastWord, "retry", alice);
    await harness.waitForThread(channel, ts, (messages) => hasImages(messages) && hasLastWord(messages));
    expect(cometapi.requests.map((request) => (request.body as { prompt: string }).prompt)).toEqual([
      "a lighthouse",
      "a lighthouse",
    ]);
    expect(slack.uploads.map((upload) => upload.bytes)).toEqual([png.image1]);
  });

  it("offers no Retry when the image service refused the prompt itself", async () => {
    harness = await startHarness();
    harness.cometapi.enqueue({ kind: "error", status: 400, code: "moderation_blocked", message: "blocked" });
    const ts = await harness.mention("something it will not draw");
    const thread = await harness.waitForThread(channel, ts, hasLastWord);

    expect(thread).toEqual([expect.objectContaining({ text: expect.stringMatching(/^:warning: /) })]);
    expect(withButtons(thread)).toEqual([]);
  });
});

describe("the buttons in HTTP mode", () => {
  it("takes a click and a modal submission POSTed to the events URL", async () => {
    harness = await startHarness({ mode: "http" });
    const { cometapi, slack, bot } = harness;
    cometapi.enqueue({ kind: "json", images: [png.image1] }, { kind: "json", images: [png.image2] });
    const event = {
      type: "app_mention",
      user: alice,
      text: `<@${slack.botUserId}> a heron`,
      channel,
      ts: slack.newTs(),
    };
    const request = slack.signedEventRequest(slack.eventCallback(event), {
      signingSecret: "test-signing-secret-0001",
    });
    const posted = await fetch(`http://127.0.0.1:${bot.http.port}/slack/events`, {
      method: "POST",
      headers: request.headers,
      body: request.body,
    });
    await posted.arrayBuffer();
    const thread = await harness.waitForThread(
      channel,
      event.ts,
      (messages) => withButtons(messages).length === 1,
    );

    const click = await harness.click(withButtons(thread)[0]!, "vary", alice);
    expect(click.status).toBe(200);
    await slack.waitUntil(() => slack.views().length === 1, "the Vary modal to open");
    const submitted = await slack.submitView({
      callbackId: "imagine:vary",
      userId: alice,
      values: { prompt: { prompt: { type: "plain_text_input", value: "a heron at dusk" } } },
    });
    expect(submitted.status).toBe(200);
    await harness.waitForThread(channel, event.ts, (messages) => imageMessages(messages).length === 2);

    expect(cometapi.requests.map((request) => (request.body as { prompt: string }).prompt)).toEqual([
      "a heron",
      "a heron at dusk",
    ]);
    expect(slack.socketConnectionCount()).toBe(0);
  });
});
