import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { eventsPath } from "../../src/slack/inbound/create-http-listener.ts";
import { slashCommand } from "../../src/slack/inbound/listen-for-slash-command.ts";

interface Manifest {
  features: { bot_user: unknown; slash_commands: Array<{ command: string; usage_hint: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifestText = readFileSync(join(import.meta.dirname, "..", "..", "slack", "manifest.yml"), "utf8");
const manifest = parse(manifestText) as Manifest;

/** The manifest's lines from `key:` to the next key at the same indentation. */
function section(key: string): string {
  const lines = manifestText.split("\n");
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  const indent = lines[start]!.search(/\S/);
  const end = lines.findIndex(
    (line, index) =>
      index > start && /\S/.test(line) && line.search(/\S/) <= indent && !line.trim().startsWith("#"),
  );
  return lines.slice(start, end).join("\n");
}

describe("slack/manifest.yml", () => {
  it("asks for the scopes the adapter's calls and events need", () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        "app_mentions:read",
        "chat:write",
        "commands",
        "files:write",
        // Also: downloading an attached image (url_private) and files.info for Vary's result.
        "files:read",
        "im:history",
        "usergroups:read",
        // users.info: each person's language, and who is a workspace admin (Delete on others' images).
        "users:read",
      ]),
    );
  });

  it("subscribes to mentions and direct messages, declares the slash command, and uses Socket Mode", () => {
    expect(manifest.features.bot_user).toBeTruthy();
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_mention", "message.im"]);
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual([slashCommand]);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(section("event_subscriptions")).toContain(`# request_url: https://YOUR-HOST${eventsPath}`);
  });

  it("turns interactivity on for the result buttons, posted in HTTP mode to the events URL", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(section("interactivity")).toContain(`# request_url: https://YOUR-HOST${eventsPath}`);
  });

  it("mentions history in the slash command's usage hint", () => {
    expect(manifest.features.slash_commands[0]?.usage_hint).toMatch(/\bhistory\b/);
  });
});
