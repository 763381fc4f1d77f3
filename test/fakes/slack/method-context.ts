import type { FileRegistry } from "./files.ts";
import type { MessageStore } from "./message-store.ts";
import type { TriggerRegistry } from "./triggers.ts";
import type { SlackIdentity } from "./types.ts";
import type { ViewStore } from "./view-store.ts";

/** What a Web API method handler can see and change. */
export interface MethodContext {
  identity: SlackIdentity;
  messages: MessageStore;
  files: FileRegistry;
  /** `trigger_id`s issued with interactions, exchanged by `views.open`. */
  triggers: TriggerRegistry;
  views: ViewStore;
  usergroups: Record<string, string[]>;
  /** User id → the locale `users.info` answers with `include_locale` (others: `en-US`). */
  locales: Map<string, string>;
  newTs(): string;
  /** Mints a single-use Socket Mode URL (`apps.connections.open`). */
  openSocketUrl(): string;
}

/** A Web API method: arguments in, JSON body out (HTTP 200; `ok:false` bodies included). */
export type MethodHandler = (args: Record<string, unknown>, ctx: MethodContext) => Record<string, unknown>;

/** Slack's error body. */
export function slackError(error: string): Record<string, unknown> {
  return { ok: false, error };
}

/** A scalar argument as a string (urlencoded bodies carry strings; JSON bodies may carry numbers). */
export function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * A structured argument: the WebClient JSON-encodes objects and arrays (`blocks`, `files`) into
 * form fields, while JSON bodies carry them as they are.
 */
export function jsonArg(args: Record<string, unknown>, key: string): unknown {
  const value = args[key];
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
