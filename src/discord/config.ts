// The Discord part of the configuration. Loaded with the rest of the configuration whether or not
// Discord is used, so it imports no discord.js: only zod, the core's types and the kit.
import { z } from "zod";
import type { AccessRules } from "../core/policy/access-rules.ts";
import type { ImageSettings } from "../core/requests/request.ts";
import { flag, httpUrl, idList, optional, text } from "../kit/env-fields.ts";

/** The environment variables the Discord adapter reads; DISCORD_TOKEN turns it on. */
export const discordVariables = z.object({
  DISCORD_TOKEN: text("must be text"),
  DISCORD_API_BASE_URL: httpUrl("https://discord.com/api"),
  /** How interactions arrive: over the gateway's websocket, or POSTed to the bot's HTTP server. */
  DISCORD_MODE: optional(z.enum(["gateway", "http"], { error: "must be gateway or http" })).transform(
    (value) => value ?? "gateway",
  ),
  /** The application's Ed25519 public key, which signs HTTP interactions. */
  DISCORD_PUBLIC_KEY: optional(
    z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, {
        error:
          "must be the application's public key: 64 hex characters (General Information in the developer portal)",
      })
      .transform((value) => value.toLowerCase()),
  ),
  DISCORD_ALLOWED_CHANNEL_IDS: idList,
  DISCORD_ALLOWED_ROLE_IDS: idList,
  DISCORD_ALLOW_DMS: flag(false),
  DISCORD_DENIED_CHANNEL_IDS: idList,
  DISCORD_DENIED_ROLE_IDS: idList,
  DISCORD_ALLOWED_GUILD_IDS: idList,
  /** Where refusals for moderation are posted. */
  DISCORD_MODLOG_CHANNEL_ID: optional(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]+$/, { error: "must be a channel id (letters, digits, - and _)" }),
  ),
});

type DiscordVariables = z.infer<typeof discordVariables>;

/** How interactions reach the bot. */
export type DiscordMode = "gateway" | "http";

/** The Discord settings in the bot's configuration: how to connect. Who may ask is in the rules. */
export interface DiscordSettings {
  readonly token: string;
  /** Discord's REST base; the gateway URL is discovered through it. */
  readonly apiBaseUrl: string;
  /**
   * `gateway` (default): a websocket to Discord's gateway. `http`: no gateway at all; Discord
   * POSTs each interaction to the bot's HTTP server, signed with `publicKey`.
   */
  readonly mode: DiscordMode;
  /** Hex of the application's Ed25519 public key, lower case; set in `http` mode. */
  readonly publicKey?: string;
}

/** What the Discord adapter is built with: its own settings and the shared ones it reads. */
export interface DiscordConfig extends DiscordSettings {
  /** The image defaults and limits, which the command's autocomplete offers. */
  readonly images: ImageSettings;
  /** Least time between two progress edits of one message. */
  readonly progressIntervalMs: number;
}

const isSet = (env: Readonly<Record<string, string | undefined>>, name: string) =>
  (env[name] ?? "").trim() !== "";

/** Problems between Discord's variables: HTTP mode cannot check a request without the public key. */
export function checkDiscordVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  if (!isSet(env, "DISCORD_TOKEN") || env["DISCORD_MODE"]?.trim() !== "http") return [];
  if (isSet(env, "DISCORD_PUBLIC_KEY")) return [];
  return [
    "DISCORD_PUBLIC_KEY: required when DISCORD_MODE=http: the application's public key (General Information in the developer portal)",
  ];
}

/** The Discord settings, or undefined when DISCORD_TOKEN is not set (no Discord adapter). */
export function readDiscordSettings(env: DiscordVariables): DiscordSettings | undefined {
  if (!env.DISCORD_TOKEN) return undefined;
  return {
    token: env.DISCORD_TOKEN,
    apiBaseUrl: env.DISCORD_API_BASE_URL,
    mode: env.DISCORD_MODE,
    ...(env.DISCORD_MODE === "http" && env.DISCORD_PUBLIC_KEY && { publicKey: env.DISCORD_PUBLIC_KEY }),
  };
}

/** Who may ask where on Discord, as the environment says; undefined when Discord is off. */
export function readDiscordAccess(
  env: DiscordVariables,
  adminsBypassLimits: boolean,
): AccessRules | undefined {
  if (!env.DISCORD_TOKEN) return undefined;
  return {
    allowedChannelIds: env.DISCORD_ALLOWED_CHANNEL_IDS,
    deniedChannelIds: env.DISCORD_DENIED_CHANNEL_IDS,
    allowedGroupIds: env.DISCORD_ALLOWED_ROLE_IDS,
    deniedGroupIds: env.DISCORD_DENIED_ROLE_IDS,
    allowedWorkspaceIds: env.DISCORD_ALLOWED_GUILD_IDS,
    allowDirectMessages: env.DISCORD_ALLOW_DMS,
    ...(env.DISCORD_MODLOG_CHANNEL_ID && { modlogChannelId: env.DISCORD_MODLOG_CHANNEL_ID }),
    adminsBypassLimits,
  };
}
