import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { eventsPath } from "../../src/slack/inbound/create-http-listener.ts";
import { slashCommand } from "../../src/slack/inbound/listen-for-slash-command.ts";

interface Manifest {
  features: { bot_user: unknown; slash_commands: Array<{ command: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; socket_mode_enabled: boolean };
}

const manifestText = readFileSync(join(import.meta.dirname, "..", "..", "slack", "manifest.yml"), "utf8");
const manifest = parse(manifestText) as Manifest;

describe("slack/manifest.yml", () => {
  it("asks for the scopes the adapter's calls and events need", () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        "app_mentions:read",
        "chat:write",
        "commands",
        "files:write",
        "files:read",
        "im:history",
        "usergroups:read",
      ]),
    );
  });

  it("subscribes to mentions and direct messages, declares the slash command, and uses Socket Mode", () => {
    expect(manifest.features.bot_user).toBeTruthy();
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_mention", "message.im"]);
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual([slashCommand]);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifestText).toContain(`https://YOUR-HOST${eventsPath}`);
  });
});
