import type { FakeCometApi } from "../fakes/cometapi/index.ts";
import type { FakeDiscord } from "../fakes/discord/index.ts";
import type { FakeSlack } from "../fakes/slack/index.ts";

/** What a bot process started by a test talks to, and where it keeps its data. */
export interface BotProcessTargets {
  /**
   * The fake Slack: Socket Mode with its app token, or HTTP mode when `signingSecret` is set.
   * Left out, the process runs without Slack (give it `discord` then).
   */
  readonly slack?: Pick<FakeSlack, "botToken" | "appToken" | "apiUrl">;
  /** The fake Discord; left out, the process runs without Discord. */
  readonly discord?: Pick<FakeDiscord, "token" | "apiBaseUrl">;
  readonly cometapi: Pick<FakeCometApi, "baseUrl" | "quotaUrl">;
  readonly dataDir: string;
  /** Runs Slack in HTTP mode, requests signed with this secret; no app token is given. */
  readonly signingSecret?: string;
  /** Default `sk-bot-process-test-key`. */
  readonly cometApiKey?: string;
}

/** The Slack variables of a process on the fake Slack. */
function slackEnv(slack: NonNullable<BotProcessTargets["slack"]>, signingSecret?: string) {
  return {
    SLACK_BOT_TOKEN: slack.botToken,
    ...(signingSecret ? { SLACK_SIGNING_SECRET: signingSecret } : { SLACK_APP_TOKEN: slack.appToken }),
    SLACK_API_URL: slack.apiUrl,
  };
}

/**
 * The whole environment of a bot process on the fake platforms and the fake CometAPI, as
 * `npm start` reads it, with `overrides` laid over it. PORT and HOST are always 0 and 127.0.0.1:
 * a test's bot listens on a free loopback port only.
 */
export function botProcessEnv(
  targets: BotProcessTargets,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const { slack, discord, signingSecret } = targets;
  return {
    COMETAPI_API_KEY: targets.cometApiKey ?? "sk-bot-process-test-key",
    COMETAPI_BASE_URL: targets.cometapi.baseUrl,
    COMETAPI_QUOTA_URL: targets.cometapi.quotaUrl,
    ...(slack && slackEnv(slack, signingSecret)),
    ...(discord && { DISCORD_TOKEN: discord.token, DISCORD_API_BASE_URL: discord.apiBaseUrl }),
    DATA_DIR: targets.dataDir,
    ...overrides,
    PORT: "0",
    HOST: "127.0.0.1",
  };
}
