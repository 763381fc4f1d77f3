import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../support/make-temp-dir.ts";

const root = join(import.meta.dirname, "..", "..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");

/** Every message catalogue, as `<language>/<namespace>.json`. */
const catalogues = readdirSync(join(root, "locales")).flatMap((language) =>
  readdirSync(join(root, "locales", language)).map((file) => `${language}/${file}`),
);

describe("the compiled bot", () => {
  it("is built with the message catalogues in the image's build stage", () => {
    const build = dockerfile.slice(dockerfile.indexOf(" AS build"));
    const copied = build.search(/^COPY locales \.\/locales$/m);
    expect(copied).toBeGreaterThan(-1);
    expect(copied).toBeLessThan(build.search(/^RUN npm run build$/m));
  });

  it("carries every catalogue in dist and starts from it, reading its configuration", () => {
    const out = makeTempDir("build");
    const tsc = spawnSync(
      process.execPath,
      [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--outDir", out],
      { cwd: root, encoding: "utf8" },
    );
    expect(tsc.stderr + tsc.stdout).toBe("");
    expect(catalogues.length).toBeGreaterThan(0);
    expect(catalogues.filter((file) => !existsSync(join(out, "locales", file)))).toEqual([]);

    // As in the image: the compiled entry beside node_modules, with nothing configured.
    symlinkSync(join(root, "node_modules"), join(out, "node_modules"), "dir");
    const started = spawnSync(process.execPath, [join(out, "src", "app", "main.js")], {
      cwd: out,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toMatch(/^imagine-bot cannot start:\n {2}COMETAPI_API_KEY: required/);
  }, 60_000);
});
