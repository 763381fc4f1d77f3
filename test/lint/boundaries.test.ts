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
const syntaxRule = "no-restricted-syntax";

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

  const requiring = `import { createRequire } from "node:module";\n`;
  it.each([
    ["src/core/jobs/probe.ts", "import()", `export const load = () => import("discord.js");\n`],
    ["src/kit/probe.ts", "import()", `export const load = () => import("@slack/bolt");\n`],
    [
      "src/config/probe.ts",
      "import() of a subpath",
      `export const load = () => import("discord-api-types/v10");\n`,
    ],
    ["src/core/jobs/probe.ts", "require()", `export const sdk = require("@discordjs/rest");\n`],
    [
      "src/discord/config.ts",
      "createRequire(…)()",
      `${requiring}export const sdk = createRequire(import.meta.url)("discord.js");\n`,
    ],
    [
      "src/slack/config.ts",
      "a require made by createRequire",
      `${requiring}const load = createRequire(import.meta.url);\nexport const sdk = load("@slack/bolt");\n`,
    ],
    [
      "src/core/jobs/probe.ts",
      "import() of a template",
      "export const load = () => import(`@slack/web-api`);\n",
    ],
    [
      "src/kit/probe.ts",
      "import() of a computed name",
      `export const load = (name: string) => import(name);\n`,
    ],
  ])("refuses %s loading a platform SDK through %s", async (filePath, _how, code) => {
    expect(await rulesBrokenBy(filePath, code)).toContain(syntaxRule);
  });

  it.each([
    ["src/core/jobs/probe.ts", "import() of a built-in", `export const load = () => import("node:fs");\n`],
    [
      "src/config/probe.ts",
      "createRequire(…)() of another package",
      `${requiring}export const zod = createRequire(import.meta.url)("zod");\n`,
    ],
    [
      "src/kit/probe.ts",
      "a call whose text names an SDK",
      `export const say = (log: (line: string) => void) => log("discord.js is not here");\n`,
    ],
    [
      "src/discord/inbound/probe.ts",
      "import() of its SDK",
      `export const load = () => import("discord.js");\n`,
    ],
    [
      "src/slack/deliver/probe.ts",
      "import() of its SDK",
      `export const load = () => import("@slack/bolt");\n`,
    ],
  ])("lets %s use %s", async (filePath, _how, code) => {
    expect(await rulesBrokenBy(filePath, code)).toEqual([]);
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
    ["src/discord/render/probe.ts", "../../core/provider/fetch-image-url.ts"],
    ["src/slack/deliver/probe.ts", "../../core/provider/watch-provider-access.ts"],
    ["src/discord/deliver/probe.ts", "../../core/provider/backoff.ts"],
    ["src/slack/inbound/probe.ts", "../../core/provider/read-sse.ts"],
    ["src/discord/probe.ts", "../core/provider/upstream-error.ts"],
    ["src/slack/probe.ts", "../core/provider/large-strings.ts"],
    ["src/discord/inbound/probe.ts", "../../core/provider/answer-schemas.ts"],
    ["src/slack/render/probe.ts", "../../core/provider/address-guard.ts"],
    ["src/discord/inbound/probe.ts", "../../core/jobs/imagine.ts"],
    ["src/slack/inbound/probe.ts", "../../core/jobs/fair-queue.ts"],
    ["src/discord/deliver/probe.ts", "../../core/jobs/job-memory.ts"],
    ["src/slack/deliver/probe.ts", "../../core/jobs/safe-sink.js"],
  ])("refuses %s reaching past the core's submit (%s)", async (filePath, specifier) => {
    expect(await rulesBrokenBy(filePath, importing(specifier))).toEqual([pathRule]);
  });

  it("refuses an adapter even the types of the job runner: the seam is submission.ts", async () => {
    const code = `import type { ImagineOptions } from "../../core/jobs/imagine.ts";\nexport type Held = ImagineOptions;\n`;
    expect(await rulesBrokenBy("src/discord/inbound/probe.ts", code)).toEqual([pathRule]);
  });

  it.each([
    ["src/discord/config.ts", "./render/summarize-error.ts"],
    ["src/discord/config.ts", "./index.ts"],
    ["src/slack/config.ts", "./render/escape-text.ts"],
    ["src/slack/config.ts", "./inbound/handle-ask.ts"],
  ])("refuses the settings file %s importing the rest of its adapter (%s)", async (filePath, specifier) => {
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
    [
      "src/discord/inbound/probe.ts",
      ["discord.js", "../../core/jobs/submission.ts", "../../kit/clamp-text.ts"],
    ],
    ["src/slack/inbound/probe.ts", ["@slack/bolt", "../../core/jobs/submission.ts", "../config.ts"]],
    [
      "src/discord/deliver/probe.ts",
      [
        "../../core/jobs/job-events.ts",
        "../../core/jobs/job-observer.ts",
        "../../core/jobs/progress.ts",
        "../../core/provider/types.ts",
        "../../core/provider/images.ts",
        "../../core/platform-adapter.ts",
      ],
    ],
    [
      "src/slack/render/probe.ts",
      ["../../core/provider/images.js", "../../core/policy/access-rules.ts", "../../core/errors/errors.ts"],
    ],
    [
      "src/discord/config.ts",
      ["zod", "../core/policy/access-rules.ts", "../core/requests/request.ts", "../kit/env-fields.ts"],
    ],
    ["src/slack/config.ts", ["zod", "../core/policy/access-rules.ts", "../kit/env-fields.ts"]],
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
