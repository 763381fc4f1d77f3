import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// The project's own eslint.config.js, linting code as if it sat at a path in src/. The files are
// virtual, so the type-aware rules (tested in type-aware-rules.test.ts) are left out here.
const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

/** The rules `code` breaks when it is the file at `filePath` (relative to the project root). */
async function rulesBrokenBy(filePath: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId);
}

const importing = (specifier: string) => `import * as imported from "${specifier}";\nexport { imported };\n`;
const pathRule = "import-x/no-restricted-paths";
const packageRule = "no-restricted-imports";

describe("the layers lint enforces", () => {
  it.each([
    ["an adapter", "../../discord/index.ts"],
    ["the other adapter", "../../slack/index.ts"],
    ["the composition root", "../../app/start-bot.ts"],
    ["the configuration", "../../config/config.ts"],
    ["an adapter, through a .js specifier", "../../discord/index.js"],
  ])("refuses the core importing %s", async (_what, specifier) => {
    expect(await rulesBrokenBy("src/core/jobs/probe.ts", importing(specifier))).toEqual([pathRule]);
  });

  it("refuses the core loading an adapter lazily", async () => {
    const code = `export const load = () => import("../../slack/index.ts");\n`;
    expect(await rulesBrokenBy("src/core/jobs/probe.ts", code)).toEqual([pathRule]);
  });

  it.each([
    ["src/core/jobs/probe.ts", "discord.js"],
    ["src/core/jobs/probe.ts", "@slack/bolt"],
    ["src/core/jobs/probe.ts", "@slack/web-api"],
    ["src/core/jobs/probe.ts", "@discordjs/rest"],
    ["src/kit/probe.ts", "discord.js"],
    ["src/config/probe.ts", "@slack/bolt"],
    ["src/discord/config.ts", "discord.js"],
    ["src/slack/config.ts", "@slack/bolt"],
  ])("refuses %s loading the platform SDK %s", async (filePath, specifier) => {
    expect(await rulesBrokenBy(filePath, importing(specifier))).toEqual([packageRule]);
  });

  it("refuses a platform type in the core, too", async () => {
    const code = `import type { Client } from "discord.js";\nexport type Held = Client;\n`;
    expect(await rulesBrokenBy("src/core/jobs/probe.ts", code)).toEqual([packageRule]);
  });

  it.each([
    ["src/discord/inbound/probe.ts", "../../slack/index.ts"],
    ["src/slack/deliver/probe.ts", "../../discord/render/render-view.ts"],
  ])("refuses %s importing the other adapter (%s)", async (filePath, specifier) => {
    expect(await rulesBrokenBy(filePath, importing(specifier))).toEqual([pathRule]);
  });

  it.each([
    ["src/discord/probe.ts", "../app/start-bot.ts"],
    ["src/discord/probe.ts", "../config/config.ts"],
    ["src/slack/inbound/probe.ts", "../../app/create-logger.ts"],
    ["src/slack/inbound/probe.ts", "../../config/config.ts"],
  ])("refuses the adapter file %s importing %s", async (filePath, specifier) => {
    expect(await rulesBrokenBy(filePath, importing(specifier))).toEqual([pathRule]);
  });

  it.each([
    ["src/discord/deliver/probe.ts", "../../core/provider/cometapi.ts"],
    ["src/slack/inbound/probe.ts", "../../core/provider/check-models.ts"],
    ["src/slack/inbound/probe.ts", "../../core/policy/policy.ts"],
    ["src/discord/inbound/probe.ts", "../../core/store/sqlite-store.ts"],
  ])("refuses %s reaching past the core's submit (%s)", async (filePath, specifier) => {
    expect(await rulesBrokenBy(filePath, importing(specifier))).toEqual([pathRule]);
  });

  it.each([
    ["src/app", "../app/start-bot.ts"],
    ["an adapter beyond its config.ts", "../discord/index.ts"],
  ])("refuses src/config importing %s", async (_what, specifier) => {
    expect(await rulesBrokenBy("src/config/probe.ts", importing(specifier))).toEqual([pathRule]);
  });

  it.each(["../core/errors/errors.ts", "../config/config.ts", "../discord/index.ts"])(
    "refuses src/kit importing %s",
    async (specifier) => {
      expect(await rulesBrokenBy("src/kit/probe.ts", importing(specifier))).toEqual([pathRule]);
    },
  );

  it.each([
    ["src/core/jobs/probe.ts", ["../../kit/clamp-text.ts", "../errors/errors.ts", "zod"]],
    ["src/kit/probe.ts", ["./clamp-text.ts", "node:path"]],
    ["src/config/probe.ts", ["../core/errors/errors.ts", "../kit/clamp-text.ts", "../discord/config.ts"]],
    ["src/discord/inbound/probe.ts", ["discord.js", "../../core/jobs/imagine.ts", "../../kit/clamp-text.ts"]],
    ["src/slack/inbound/probe.ts", ["@slack/bolt", "../../core/jobs/imagine.ts", "../config.ts"]],
    ["src/app/probe.ts", ["../discord/index.ts", "../slack/index.ts", "../config/config.ts", "discord.js"]],
  ])("lets %s import what its layer may", async (filePath, specifiers) => {
    const code = specifiers
      .map((specifier, index) => `import * as m${index} from "${specifier}";\n`)
      .join("");
    const exported = `export const all = [${specifiers.map((_, index) => `m${index}`).join(", ")}];\n`;
    expect(await rulesBrokenBy(filePath, code + exported)).toEqual([]);
  });

  it("refuses an import cycle", async () => {
    const [ping, pong] = await new ESLint({ cwd: root, ignore: false }).lintFiles([
      "test/lint/fixtures/cycle/ping.ts",
      "test/lint/fixtures/cycle/pong.ts",
    ]);
    expect(ping?.messages.map((message) => [message.ruleId, message.line])).toEqual([
      ["import-x/no-cycle", 2],
    ]);
    expect(pong?.messages.map((message) => [message.ruleId, message.line])).toEqual([
      ["import-x/no-cycle", 2],
    ]);
  });
});
