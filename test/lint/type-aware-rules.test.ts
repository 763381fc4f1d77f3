import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The project's own eslint.config.js on the fixtures in test/lint/fixtures, which the main lint run
// skips. They have a tsconfig.json of their own so the type checker loads only them.
const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root, ignore: false });

/** Each rule `fixture` breaks, with the line it breaks it on. */
async function problemsIn(fixture: string): Promise<[string | null, number][]> {
  const [result] = await eslint.lintFiles([`test/lint/fixtures/${fixture}`]);
  return (result?.messages ?? []).map((message) => [message.ruleId, message.line]);
}

describe("the type-aware rules lint enforces", () => {
  it("refuses a promise nobody awaits", async () => {
    expect(await problemsIn("promises/floating.ts")).toEqual([
      ["@typescript-eslint/no-floating-promises", 6],
    ]);
  });

  it("refuses an async listener where a plain one is expected", async () => {
    expect(await problemsIn("promises/misused.ts")).toEqual([["@typescript-eslint/no-misused-promises", 9]]);
  });

  it("accepts promises that are awaited, caught, or deliberately voided", async () => {
    expect(await problemsIn("promises/handled.ts")).toEqual([]);
  });

  it("refuses a switch over a union whose default hides unhandled members", async () => {
    expect(await problemsIn("switch/missing-case.ts")).toEqual([
      ["@typescript-eslint/switch-exhaustiveness-check", 5],
    ]);
  });

  it("accepts a switch that names every member of the union", async () => {
    expect(await problemsIn("switch/exhaustive.ts")).toEqual([]);
  });
});
