import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeCometApi, type FakeCometApi } from "../fakes/cometapi/index.ts";
import { makePng } from "../fakes/png.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack/index.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";
import { resultUploads } from "../support/result-uploads.ts";
import { startBotProcess, type BotProcess } from "../support/start-bot-process.ts";

const channel = "C0RELOAD01";
const alice = "U0ALICE001";
const refusal = "This prompt can't be used here. Try something else.";

let running: BotProcess | undefined;
let slack: FakeSlack | undefined;
let cometapi: FakeCometApi | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await slack?.close();
  await cometapi?.close();
  slack = cometapi = undefined;
});

const reread = (line: string) => line.includes('"msg":"policy file read again; its rules are in force"');
const unusable = (line: string) => line.includes('"msg":"the policy file cannot be used');

describe("editing the policy file while the bot runs", () => {
  it("puts the new rules in force at once, keeps them through a bad edit, and re-reads on SIGHUP", async () => {
    slack = await startFakeSlack();
    cometapi = await startFakeCometApi();
    const policy = join(makeTempDir("policy-reload"), "policy.yml");
    writeFileSync(policy, "users:\n  denied: []\n");
    running = startBotProcess({ slack, cometapi }, { IMAGINE_POLICY_FILE: policy }, "policy-reload");
    const bot = running;
    await bot.waitForLine((line) => line.includes('"msg":"imagine-bot is running"'));
    await slack.socketConnected();

    /** `@bot text` from Alice; resolves once the bot has answered it one way or the other. */
    const ask = async (text: string) => {
      const ts = slack!.newTs();
      const told = slack!.ephemeralsFor(channel, alice).length;
      const uploaded = resultUploads(slack!).length;
      await slack!.sendEvent({
        type: "app_mention",
        user: alice,
        text: `<@${slack!.botUserId}> ${text}`,
        channel,
        ts,
      });
      await slack!.waitUntil(
        () => slack!.ephemeralsFor(channel, alice).length > told || resultUploads(slack!).length > uploaded,
        `an answer to "${text}"`,
      );
      return slack!
        .ephemeralsFor(channel, alice)
        .slice(told)
        .map((message) => message.text);
    };

    cometapi.enqueue({ kind: "json", images: [makePng(4, 4, [1, 2, 3])] });
    expect(await ask("a comet over the sea")).toEqual([]);

    // The file now blocks "comet": the very next request is refused, nothing sent upstream.
    writeFileSync(policy, "moderation:\n  blocked: [comet]\n");
    await bot.waitForLine(reread);
    const generations = cometapi.requests.length;
    expect(await ask("a comet over the sea")).toEqual([refusal]);
    expect(cometapi.requests).toHaveLength(generations);

    // A broken edit changes nothing, and says why.
    writeFileSync(policy, "moderation:\n  blocked: ['/(unclosed/']\n");
    const problem = await bot.waitForLine(unusable);
    expect(problem).toContain("is not a usable blocked term");
    expect(await ask("a comet again")).toEqual([refusal]);

    // Fixed; and SIGHUP reads it again on demand.
    writeFileSync(policy, "moderation:\n  blocked: []\n");
    const readings = () => bot.lines.filter(reread).length;
    await bot.waitForLine(() => readings() >= 2);
    bot.child.kill("SIGHUP");
    await bot.waitForLine(() => readings() >= 3);
    cometapi.enqueue({ kind: "json", images: [makePng(4, 4, [4, 5, 6])] });
    expect(await ask("a comet at last")).toEqual([]);
    expect(bot.child.exitCode).toBeNull();
  });
});
