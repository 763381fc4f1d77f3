import type { Platform } from "../policy/actor.ts";

/** Why a prompt was refused for moderation. */
export type ModerationRule =
  /** One of the operator's blocked terms, as they wrote it. */
  | { readonly kind: "blocked_term"; readonly term: string }
  /** CometAPI's content policy refused it. */
  | { readonly kind: "provider" };

/** One refusal for moderation, for the mod-log channel of where it happened. */
export interface ModerationEntry {
  readonly platform: Platform;
  /** The channel the line is posted in. */
  readonly modlogChannelId: string;
  readonly workspaceId?: string;
  /** Where the prompt was asked. */
  readonly channelId: string;
  readonly userId: string;
  readonly prompt: string;
  readonly rule: ModerationRule;
}

/** Takes an entry to post; never throws and is never awaited by the job. */
export type ModerationLog = (entry: ModerationEntry) => void;
