import { jsonArg, slackError, stringArg } from "./method-context.ts";
import type { MethodHandler } from "./method-context.ts";

/** `views.*`: opening a modal with the `trigger_id` of a person's interaction. */
export const viewMethods: Record<string, MethodHandler> = {
  "views.open": (args, ctx) => {
    const view = jsonArg(args, "view");
    // A view Slack cannot draw leaves the trigger unused, so the bot may still try again.
    if (!isModal(view)) return slackError("invalid_arguments");
    const trigger = ctx.triggers.exchange(stringArg(args, "trigger_id") ?? "");
    if ("refusal" in trigger) return slackError(trigger.refusal);
    const opened = ctx.views.open(view, trigger.userId);
    return { ok: true, view: opened.view };
  },
};

function isModal(view: unknown): view is Record<string, unknown> {
  return typeof view === "object" && view !== null && (view as { type?: unknown }).type === "modal";
}
