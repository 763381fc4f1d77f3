import { describe, expect, it } from "vitest";
import { messagesFor } from "../../../src/core/i18n/messages.ts";

// Literal sentences: a catalogue that fails to load, or a key that falls back to English, fails here.
describe("translated sentences", () => {
  const german = messagesFor("de");
  const japanese = messagesFor("ja");

  it("speaks German to a Slack member, singular and plural", () => {
    expect(german.t("slack:progress.drawing", { count: 1 })).toBe("Dein Bild wird gezeichnet…");
    expect(german.t("slack:progress.drawing", { count: 3 })).toBe("3 Bilder werden gezeichnet…");
    expect(german.t("slack:history.heading", { count: 1 })).toBe("Deine letzte Anfrage:");
    expect(german.t("slack:history.heading", { count: 3 })).toBe(
      "Deine letzten 3 Anfragen, die neueste zuerst:",
    );
    const elapsed = german.t("slack:elapsed.precise", { seconds: 3.2 });
    expect(german.t("slack:progress.done", { count: 3, elapsed })).toBe(
      "Fertig in 3,2 s. Deine 3 Bilder findest du unten.",
    );
    expect(german.t("slack:buttons.vary")).toBe("Variieren");
  });

  it("answers a German admin with German sentences and numbers", () => {
    expect(german.t("admin:problems.wholeNumber", { value: "viele", max: 1_000_000 })).toBe(
      "„viele“ ist keine ganze Zahl von 0 bis 1.000.000.",
    );
    expect(german.t("admin:changed.setting", { key: "`cooldown_seconds`", to: "30", from: "10" })).toBe(
      "`cooldown_seconds` ist jetzt 30 (vorher 10).",
    );
    expect(german.t("admin:problems.notAdmin.discord")).toBe(
      "Nur Admins dieses Servers (Server verwalten) können die Einstellungen des Bots ändern.",
    );
  });

  it("speaks Japanese to a Slack member, with one form for every count", () => {
    expect(japanese.t("slack:progress.drawing", { count: 1 })).toBe("画像を1枚描いています…");
    expect(japanese.t("slack:progress.drawing", { count: 3 })).toBe("画像を3枚描いています…");
    expect(japanese.t("slack:history.heading", { count: 3 })).toBe("最近のリクエスト3件（新しい順）：");
    expect(japanese.t("slack:elapsed.minutesSeconds", { minutes: 2, seconds: 5 })).toBe("2分5秒");
    expect(japanese.t("slack:quoted", { text: "夜明けの灯台" })).toBe("「夜明けの灯台」");
  });

  it("answers a Japanese admin in Japanese", () => {
    expect(japanese.t("admin:problems.notAdmin.slack")).toBe(
      "ボットの設定を変更できるのは、このワークスペースの管理者とオーナーだけです。",
    );
    expect(japanese.t("admin:changed.setting", { key: "`cooldown_seconds`", to: "30", from: "10" })).toBe(
      "`cooldown_seconds`を30に変更しました（変更前：10）。",
    );
  });

  it("uses the form for large round numbers in French, Spanish and Portuguese", () => {
    const million = 1_000_000;
    const french = messagesFor("fr");
    expect(french.t("slack:progress.drawing", { count: 1 })).toBe("Je dessine votre image…");
    expect(french.t("slack:progress.drawing", { count: million })).toBe(
      `Je dessine ${french.number(million)} images…`,
    );
    expect(
      messagesFor("es").t("slack:announcement", { user: "<@U1>", prompt: "un faro", count: million }),
    ).toBe("<@U1> pidió 1.000.000 imágenes: “un faro”");
    expect(messagesFor("pt-BR").t("slack:history.heading", { count: million })).toBe(
      "Seus últimos 1.000.000 pedidos, do mais recente ao mais antigo:",
    );
  });
});
