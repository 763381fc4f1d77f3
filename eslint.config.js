import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;

/** The platform SDKs: only an adapter (and the composition root) may load one. */
const platformPackages = [
  "discord.js",
  "discord.js/*",
  "@discordjs/*",
  "discord-api-types",
  "discord-api-types/*",
  "@slack/*",
];

/** The same packages as an esquery regular expression, for the loads no-restricted-imports misses. */
const platformPackage = String.raw`/^(discord\.js|discord-api-types|@discordjs\/[^\/]+|@slack\/[^\/]+)(\/.*)?$/`;
const noPlatformMessage = "Only src/discord, src/slack and src/app may load a platform SDK.";

export default tseslint.config(
  {
    // The fixtures under test/lint break the rules on purpose; test/lint/*.test.ts lints them.
    ignores: ["dist/", "node_modules/", "data/", "coverage/", "bench/results/", "test/lint/fixtures/"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
  },
  {
    // Rules that need the type checker: one TypeScript project service for every .ts file.
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // A `default` branch must not hide a member of the union that nobody handled.
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: false },
      ],
    },
  },
  {
    // The layers (ARCHITECTURE.md, "Invariants"): which folder may import which.
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      // As import-x's own TypeScript preset, so no-cycle follows .ts files, with the resolver that
      // reads tsconfig.json (a "./x.js" specifier names ./x.ts).
      "import-x/extensions": [".ts", ".js"],
      "import-x/external-module-folders": ["node_modules", "node_modules/@types"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-restricted-paths": [
        "error",
        {
          basePath: root,
          zones: [
            {
              target: "src/core",
              from: ["src/app", "src/config", "src/discord", "src/slack"],
              message:
                "The core knows no platform and no composition root: pass what it needs in from src/app.",
            },
            {
              target: "src/discord",
              from: ["src/slack", "src/app", "src/config"],
              message: "An adapter imports only the core and src/kit: src/app hands it its settings.",
            },
            {
              target: "src/slack",
              from: ["src/discord", "src/app", "src/config"],
              message: "An adapter imports only the core and src/kit: src/app hands it its settings.",
            },
            {
              target: ["src/discord", "src/slack"],
              from: ["src/core/policy/policy.ts", "src/core/store"],
              message: "An adapter submits to the core: the policy and the store are the core's.",
            },
            {
              // Everything else in provider/ reaches the network (CometAPI, image URLs, retries).
              target: ["src/discord", "src/slack"],
              from: "src/core/provider",
              except: ["./types.ts", "./images.ts"],
              message:
                "An adapter never calls CometAPI: of src/core/provider it uses only types.ts and images.ts.",
            },
            {
              // The seam an adapter needs; the queue, the job runner and its memory estimate stay inside.
              target: ["src/discord", "src/slack"],
              from: "src/core/jobs",
              except: [
                "./submission.ts",
                "./job-events.ts",
                "./job-observer.ts",
                "./progress.ts",
                "./job-record.ts",
                "./button-ids.ts",
              ],
              message:
                "An adapter submits to the core (submission.ts) and hears its events (job-events.ts): running jobs is the core's.",
            },
            {
              // src/config loads an adapter's config.ts whether or not that platform is used.
              target: "src/discord/config.ts",
              from: "src/discord",
              message:
                "An adapter's config.ts imports nothing else of its adapter, which would load the platform SDK.",
            },
            {
              target: "src/slack/config.ts",
              from: "src/slack",
              message:
                "An adapter's config.ts imports nothing else of its adapter, which would load the platform SDK.",
            },
            {
              target: "src/config",
              from: ["src/app"],
              message: "The configuration loader is built by src/app, never the other way round.",
            },
            {
              // Each adapter contributes its schema (src/discord/config.ts, src/slack/config.ts), nothing else.
              target: "src/config",
              from: ["src/discord", "src/slack"],
              except: ["./config.ts"],
              message:
                "src/config reads an adapter's config.ts only: the rest of an adapter is loaded by src/app.",
            },
            {
              target: "src/kit",
              from: ["src"],
              except: ["./kit"],
              message: "src/kit holds generic helpers that import nothing of this project.",
            },
          ],
        },
      ],
    },
  },
  {
    // An adapter's config.ts is loaded whether or not that platform is used, so it too stays SDK-free.
    files: ["src/core/**", "src/kit/**", "src/config/**", "src/discord/config.ts", "src/slack/config.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: platformPackages, message: noPlatformMessage }],
        },
      ],
      // The loads no-restricted-imports misses: import("…"), require("…"), createRequire(…)("…").
      "no-restricted-syntax": [
        "error",
        { selector: `ImportExpression[source.value=${platformPackage}]`, message: noPlatformMessage },
        {
          selector: "ImportExpression[source.type!='Literal']",
          message: "Name what a dynamic import loads, so lint can check it.",
        },
        { selector: `CallExpression[arguments.0.value=${platformPackage}]`, message: noPlatformMessage },
      ],
    },
  },
  {
    // Command-line scripts talk to the operator on the terminal.
    files: ["scripts/**", "bench/**"],
    rules: { "no-console": "off" },
  },
);
