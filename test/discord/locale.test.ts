import { REST, type RESTOptions } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.ts";
import { english, messagesFor, type MessageKey } from "../../src/core/i18n/messages.ts";
import type { Locale } from "../../src/core/i18n/locales.ts";
import { registerCommands } from "../../src/discord/inbound/register-commands.ts";
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from "../fakes/discord/index.ts";
import { middayUtc } from "../support/fixed-clock.ts";
import { heldStream } from "../support/held-stream.ts";
import { png, startDiscordHarness, type DiscordHarness } from "./harness.ts";

let harness: DiscordHarness | undefined;
let fakeDiscord: FakeDiscord | undefined;
afterEach(async () => {
  await harness?.stop();
  await fakeDiscord?.close();
  harness = fakeDiscord = undefined;
});

const requester = "800000000000000051";
const clicker = "800000000000000052";

/** The job row behind the newest job of `userId`. */
async function newestJob(userId: string) {
  const [job] = await harness!.store.recentJobs("discord", userId, 1);
  return job!;
}

describe("Discord speaks each person's language", () => {
  it("answers a refusal in the language of the asker's Discord client", async () => {
    harness = await startDiscordHarness();
    const tooLong = { prompt: "x".repeat(4001) };
    const values = { length: 4001, limit: 4000 };
    const german = await harness.privateAnswer(harness.imagine(tooLong, { locale: "de" }));
    // Until German is translated the words are English, but the numbers are already German.
    expect(german).toBe(messagesFor("de").t("core:requests.promptTooLong", values));
    expect(german).toContain("4.001");
    expect(german).not.toBe(english.t("core:requests.promptTooLong", values));
    const american = await harness.privateAnswer(harness.imagine(tooLong, { locale: "en-US" }));
    expect(american).toBe("The prompt is 4,001 characters long; the limit is 4,000.");
  });

  it("records the asker's language with the job, and a click starts a job in the clicker's", async () => {
    harness = await startDiscordHarness({}, {}, { now: () => middayUtc });
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const result = await harness.untilFinal(
      harness.imagine({ prompt: "a lighthouse" }, { userId: requester, locale: "de" }),
    );
    expect((await newestJob(requester)).messageRefs.locale).toBe("de");
    // The caption's elapsed time is written the German way (a decimal comma).
    expect(result.content.split("\n").at(-1)).toMatch(/ · \d+,\d s$/);
    const labels = (locale: Locale) =>
      (["reroll", "vary", "bigger", "delete"] as const).map((action) =>
        messagesFor(locale).t(`discord:buttons.${action}`),
      );
    expect(result.buttons.map((button) => button.label)).toEqual(labels("de"));

    // The click is answered in the clicker's language, not the asker's.
    harness.cometapi.enqueue({ kind: "json", images: [png.image2] });
    const rerolled = await harness.untilFinal(
      harness.click(result, "reroll", { userId: clicker, locale: "pt-BR" }),
    );
    expect((await newestJob(clicker)).messageRefs.locale).toBe("pt-BR");
    expect(rerolled.content.split("\n").at(-1)).toMatch(/ · \d+,\d s$/);
    expect(rerolled.buttons.map((button) => button.label)).toEqual(labels("pt-BR"));

    // A Japanese client writes a decimal point, as English does: only the recorded language tells.
    harness.cometapi.enqueue({ kind: "json", images: [png.image1] });
    const japanese = await harness.untilFinal(
      harness.click(rerolled, "reroll", { userId: clicker, locale: "ja" }),
    );
    expect((await newestJob(clicker)).messageRefs.locale).toBe("ja");
    expect(japanese.content.split("\n").at(-1)).toMatch(/ · \d+\.\d s$/);
  });
});

/** The bot's edits of the deferred reply to `token`, as the fake Discord recorded them. */
const editsOf = (token: string) =>
  harness!.discord.calls
    .filter(
      (call: RecordedCall) =>
        call.method === "PATCH" && call.route === "webhookMessage" && call.path.includes(`/${token}/`),
    )
    .map((call) => (call.json as { content?: string }).content);

describe("a German Discord client is answered in German", () => {
  it("gets its progress, its result and its cooldown refusal in German words", async () => {
    harness = await startDiscordHarness({ IMAGINE_COOLDOWN_SECONDS: "60" }, {}, { now: () => middayUtc });
    const { behaviour, release } = heldStream([png.preview], [png.image1]);
    harness.cometapi.enqueue(behaviour);

    const token = harness.imagine({ prompt: "ein Leuchtturm" }, { userId: requester, locale: "de" });
    // The image service holds the final image back: the reply shows the preview, in German.
    await harness.waitUntil(() => harness!.discord.messageFor(token)?.attachments.length === 1);
    expect(harness.discord.messageFor(token)!.content).toBe("🎨 Wird erstellt… (0 s, Vorschau 1)");
    // Every edit was German: the preview, or (on a machine slow enough to see the 5 s tick first) the time.
    expect(editsOf(token).at(-1)).toBe("🎨 Wird erstellt… (0 s, Vorschau 1)");
    for (const edit of editsOf(token)) {
      expect(["🎨 Wird erstellt… (0 s)", "🎨 Wird erstellt… (0 s, Vorschau 1)"]).toContain(edit);
    }

    // The same person asks again while it is still being made: the cooldown, privately, in German.
    const again = harness.imagine({ prompt: "noch ein Leuchtturm" }, { userId: requester, locale: "de" });
    expect(await harness.privateAnswer(again)).toBe("Du kannst in 60 s wieder Bilder erstellen.");

    release();
    const result = await harness.untilFinal(token);
    expect(result.content).toBe("**Prompt:** ein Leuchtturm\n1024x1024 · gpt-image-1 · 0,0 s");
    expect(result.buttons.map((button) => button.label)).toEqual([
      "Neu erstellen",
      "Variieren",
      "Größer",
      "Löschen",
    ]);
    expect(harness.cometapi.requests).toHaveLength(1);
  });
});

describe("the commands' descriptions in every language", () => {
  const discordCodes: ReadonlyArray<readonly [string, Locale]> = [
    ["de", "de"],
    ["fr", "fr"],
    ["es-ES", "es"],
    ["es-419", "es"],
    ["pt-BR", "pt-BR"],
    ["ja", "ja"],
  ];

  const localizationsOf = (key: MessageKey) =>
    Object.fromEntries(discordCodes.map(([code, locale]) => [code, messagesFor(locale).t(key)]));

  interface Described {
    name: string;
    description: string;
    description_localizations?: Record<string, string>;
    options?: Described[];
  }

  it("registers each description with a localization for each of Discord's codes we speak", async () => {
    fakeDiscord = await startFakeDiscord();
    const rest = new REST({
      api: fakeDiscord.apiBaseUrl,
      makeRequest: fetch as NonNullable<RESTOptions["makeRequest"]>,
    }).setToken(fakeDiscord.token);
    const settings = loadConfig({ COMETAPI_API_KEY: "k", DISCORD_TOKEN: "t" }).images;
    await registerCommands(rest, settings);
    const registered = new Map(
      (fakeDiscord.registeredCommands() as Described[]).map((command) => [command.name, command]),
    );

    const expected: Array<[Described | undefined, MessageKey]> = [
      [registered.get("imagine"), "discord:commands.imagine.description"],
      [registered.get("imagine-history"), "discord:commands.history.description"],
      [registered.get("imagine-usage"), "discord:commands.usage.description"],
      ...(["prompt", "size", "quality", "count", "model", "image", "mask"] as const).map(
        (name): [Described | undefined, MessageKey] => [
          registered.get("imagine")?.options?.find((option) => option.name === name),
          `discord:commands.imagine.options.${name}`,
        ],
      ),
    ];
    for (const [described, key] of expected) {
      expect(described, key).toMatchObject({
        description: english.t(key),
        description_localizations: localizationsOf(key),
      });
    }
  });
});
