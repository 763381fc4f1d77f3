// The Slack part of the configuration. Loaded with the rest of the configuration whether or not
// Slack is used, so it imports no @slack/* package: only zod, the core's types and the kit.
import { z } from "zod";
import type { AccessRules } from "../core/policy/access-rules.ts";
import { flag, httpUrl, idList, optional, text } from "../kit/env-fields.ts";

/** The environment variables the Slack adapter reads; SLACK_BOT_TOKEN turns it on. */
export const slackVariables = z.object({
  SLACK_BOT_TOKEN: text("must be text"),
  SLACK_APP_TOKEN: text("must be text"),
  SLACK_SIGNING_SECRET: text("must be text"),
  SLACK_API_URL: httpUrl("https://slack.com/api").transform((value) => `${value}/`),
  SLACK_ALLOWED_CHANNEL_IDS: idList,
  SLACK_ALLOWED_USERGROUP_IDS: idList,
  SLACK_ALLOW_DMS: flag(false),
  SLACK_DENIED_CHANNEL_IDS: idList,
  /** Where refusals for moderation are posted. */
  SLACK_MODLOG_CHANNEL_ID: optional(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]+$/, { error: "must be a channel id (letters, digits, - and _)" }),
  ),
});

type SlackVariables = z.infer<typeof slackVariables>;

/** The Slack settings in the bot's configuration: how to connect. Who may ask is in the rules. */
export interface SlackSettings {
  readonly botToken: string;
  /** Set: Socket Mode. */
  readonly appToken?: string;
  /** Set (and no app token): HTTP mode, requests verified with it. */
  readonly signingSecret?: string;
  /** Slack's Web API base, ending with a slash. */
  readonly apiUrl: string;
}

/** What the Slack adapter is built with: its own settings and the shared ones it reads. */
export interface SlackConfig extends SlackSettings {
  /** Least time between two progress edits of one message. */
  readonly progressIntervalMs: number;
}

const isSet = (env: Readonly<Record<string, string | undefined>>, name: string) =>
  (env[name] ?? "").trim() !== "";

/**
 * Problems between Slack's variables, from what is set alone (so they are listed even when a
 * value elsewhere is bad): a bot token needs a way to receive events.
 */
export function checkSlackVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  if (!isSet(env, "SLACK_BOT_TOKEN") || isSet(env, "SLACK_APP_TOKEN") || isSet(env, "SLACK_SIGNING_SECRET")) {
    return [];
  }
  return [
    "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)",
  ];
}

/** The Slack settings, or undefined when SLACK_BOT_TOKEN is not set (no Slack adapter). */
export function readSlackSettings(env: SlackVariables): SlackSettings | undefined {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  return {
    botToken: env.SLACK_BOT_TOKEN,
    ...(env.SLACK_APP_TOKEN && { appToken: env.SLACK_APP_TOKEN }),
    ...(env.SLACK_SIGNING_SECRET && { signingSecret: env.SLACK_SIGNING_SECRET }),
    apiUrl: env.SLACK_API_URL,
  };
}

/** Who may ask where on Slack, as the environment says; undefined when Slack is off. */
export function readSlackAccess(env: SlackVariables, adminsBypassLimits: boolean): AccessRules | undefined {
  if (!env.SLACK_BOT_TOKEN) return undefined;
  return {
    allowedChannelIds: env.SLACK_ALLOWED_CHANNEL_IDS,
    deniedChannelIds: env.SLACK_DENIED_CHANNEL_IDS,
    allowedGroupIds: env.SLACK_ALLOWED_USERGROUP_IDS,
    allowDirectMessages: env.SLACK_ALLOW_DMS,
    ...(env.SLACK_MODLOG_CHANNEL_ID && { modlogChannelId: env.SLACK_MODLOG_CHANNEL_ID }),
    adminsBypassLimits,
  };
}
