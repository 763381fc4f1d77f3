import { describe, expect, it } from "vitest";
import { describeCommonError, type PlatformWords } from "../../../src/core/errors/describe-common-error.ts";
import { messagesFor } from "../../../src/core/i18n/messages.ts";

const discord: PlatformWords = { platform: "discord" };
const slack: PlatformWords = { platform: "slack" };

/** Three hours and twelve minutes until midnight UTC. */
const untilReset = 3 * 3600 + 12 * 60;

describe("the core speaks German", () => {
  const german = messagesFor("de");

  it("words a cooldown refusal with its wait", () => {
    expect(describeCommonError("cooldown", { retryAfterSeconds: 42 }, discord, german)).toBe(
      "Du kannst in 42 s wieder Bilder erstellen.",
    );
  });

  it("words what is left of a daily limit in the singular and the plural", () => {
    expect(describeCommonError("daily_limit", { remaining: 1, limit: 5 }, discord, german)).toBe(
      "Du hast heute noch 1 Bild übrig: Fordere nur 1 an.",
    );
    expect(describeCommonError("daily_limit", { remaining: 3, limit: 5 }, discord, german)).toBe(
      "Du hast heute noch 3 Bilder übrig: Fordere höchstens 3 an.",
    );
  });

  it("words a reached daily limit of 1 and of 3 images, with the wait until it resets", () => {
    const reached = (limit: number) =>
      describeCommonError(
        "daily_limit",
        { remaining: 0, limit, retryAfterSeconds: untilReset },
        discord,
        german,
      );
    expect(reached(1)).toBe(
      "Du hast dein Tageslimit von 1 Bild erreicht. Es wird um 00:00 UTC zurückgesetzt (in 3 Std. 12 Min.).",
    );
    expect(reached(3)).toBe(
      "Du hast dein Tageslimit von 3 Bildern erreicht. Es wird um 00:00 UTC zurückgesetzt (in 3 Std. 12 Min.).",
    );
  });

  it("names the server on Discord and the workspace on Slack", () => {
    const facts = { remaining: 0, limit: 3 };
    expect(describeCommonError("workspace_daily_limit", facts, discord, german)).toBe(
      "Dieser Server hat sein Tageslimit von 3 Bildern erreicht. Es wird um 00:00 UTC zurückgesetzt.",
    );
    expect(describeCommonError("workspace_daily_limit", facts, slack, german)).toBe(
      "Dieser Workspace hat sein Tageslimit von 3 Bildern erreicht. Es wird um 00:00 UTC zurückgesetzt.",
    );
  });

  it("writes its own sentences with German numbers", () => {
    expect(german.t("core:requests.promptTooLong", { length: 4001, limit: 4000 })).toBe(
      "Der Prompt ist 4.001 Zeichen lang; das Limit liegt bei 4.000.",
    );
    expect(german.t("core:usage.spent", { count: 1, usd: german.usd(0.04) })).toBe("1 Bild, 0,04\u00a0$");
  });
});

describe("the core speaks Japanese", () => {
  const japanese = messagesFor("ja");

  it("words a cooldown refusal with its wait", () => {
    expect(describeCommonError("cooldown", { retryAfterSeconds: 42 }, discord, japanese)).toBe(
      "あと42秒で再び画像を作成できます。",
    );
  });

  it("words what is left of a daily limit with one form for every count", () => {
    expect(describeCommonError("daily_limit", { remaining: 1, limit: 5 }, discord, japanese)).toBe(
      "今日作成できる画像はあと1枚です。1枚以内でリクエストしてください。",
    );
    expect(describeCommonError("daily_limit", { remaining: 3, limit: 5 }, discord, japanese)).toBe(
      "今日作成できる画像はあと3枚です。3枚以内でリクエストしてください。",
    );
  });

  it("words a reached daily limit of 1 and of 3 images, with the wait until it resets", () => {
    const reached = (limit: number) =>
      describeCommonError(
        "daily_limit",
        { remaining: 0, limit, retryAfterSeconds: untilReset },
        discord,
        japanese,
      );
    // Japanese sentences follow one another without a space.
    const resets = "00:00 UTCにリセットされます（あと3時間12分）。";
    expect(reached(1)).toMatch(new RegExp(`^1日の上限（1枚）に達しました。${resets}$`));
    expect(reached(3)).toMatch(new RegExp(`^1日の上限（3枚）に達しました。${resets}$`));
  });

  it("writes its own sentences and waits in Japanese", () => {
    expect(japanese.t("core:requests.promptTooLong", { length: 4001, limit: 4000 })).toBe(
      "プロンプトが4,001文字あります。上限は4,000文字です。",
    );
    expect(japanese.wait(untilReset)).toBe("3時間12分");
    expect(japanese.t("core:errors.notAllowedGuild.discord")).toBe(
      "このボットはこのサーバーでは有効になっていません。",
    );
  });
});

describe("the core speaks French, Spanish and Brazilian Portuguese", () => {
  it.each([
    [
      "fr",
      "Il vous reste 1 image aujourd'hui\u00a0: n'en demandez qu'une.",
      "Vous pourrez de nouveau créer des images dans 42 s.",
    ],
    ["es", "Te queda 1 imagen hoy: pide solo 1.", "Podrás volver a crear imágenes en 42 s."],
    ["pt-BR", "Você tem 1 imagem restante hoje: peça só 1.", "Você poderá criar imagens de novo em 42 s."],
  ] as const)("%s words a daily limit and a cooldown", (locale, left, cooldown) => {
    const messages = messagesFor(locale);
    expect(describeCommonError("daily_limit", { remaining: 1, limit: 5 }, discord, messages)).toBe(left);
    expect(describeCommonError("cooldown", { retryAfterSeconds: 42 }, discord, messages)).toBe(cooldown);
  });

  it.each([
    ["fr", (n: string) => `Il vous reste ${n} images aujourd'hui\u00a0: demandez-en ${n} au maximum.`],
    ["es", (n: string) => `Te quedan ${n} imágenes hoy: pide ${n} o menos.`],
    ["pt-BR", (n: string) => `Você tem ${n} imagens restantes hoje: peça ${n} ou menos.`],
  ] as const)("%s has a sentence for the counts its plural rules call many", (locale, sentence) => {
    const messages = messagesFor(locale);
    expect(new Intl.PluralRules(locale).select(1_000_000)).toBe("many");
    const facts = { remaining: 1_000_000, limit: 2_000_000 };
    expect(describeCommonError("daily_limit", facts, discord, messages)).toBe(
      sentence(messages.number(1_000_000)),
    );
  });
});
