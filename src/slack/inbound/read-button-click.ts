import { z } from "zod";
import { parseButtonId, type ButtonAction } from "../../core/jobs/button-ids.ts";
import { isDirectMessageChannel, type SlackAsker } from "./build-actor.ts";

/** A click on one of a job's buttons, as the adapter acts on it. */
export interface ButtonClick extends SlackAsker {
  readonly action: ButtonAction;
  readonly jobId: string;
  /** The message the button is in: the job's last word. */
  readonly messageTs: string;
  /**
   * The thread that message is in (its own ts when it is a thread's root); absent for a private
   * message outside a thread, which cannot start one.
   */
  readonly threadTs?: string;
  /** Lets the bot open a modal for this click (Vary), within 3 seconds. */
  readonly triggerId: string;
}

/** The parts of Slack's `block_actions` payload a click on a job's button needs. */
const blockActions = z.object({
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.object({ id: z.string().min(1) }).nullish(),
  channel: z.object({ id: z.string().min(1) }),
  // A private (ephemeral) message is named by its container only.
  container: z.object({
    type: z.literal("message"),
    message_ts: z.string().min(1),
    thread_ts: z.string().optional(),
    is_ephemeral: z.boolean().optional(),
  }),
  message: z.object({ ts: z.string().min(1), thread_ts: z.string().optional() }).optional(),
  trigger_id: z.string(),
  actions: z.array(z.object({ action_id: z.string() })).min(1),
});

/**
 * The click Slack describes in a `block_actions` payload, or undefined when it is not a click on
 * a job's button in a message (a modal's or the Home tab's payload names no message). `teamId` is
 * Bolt's, for payloads that name no team.
 */
export function readButtonClick(body: unknown, teamId?: string): ButtonClick | undefined {
  const parsed = blockActions.safeParse(body);
  if (!parsed.success) return undefined;
  const { user, team, channel, container, message, trigger_id: triggerId, actions } = parsed.data;
  const named = parseButtonId(actions[0]!.action_id);
  const workspaceId = team?.id ?? user.team_id ?? teamId;
  if (!named || !workspaceId) return undefined;
  const messageTs = message?.ts ?? container.message_ts;
  const threadTs =
    message?.thread_ts ?? container.thread_ts ?? (container.is_ephemeral ? undefined : messageTs);
  return {
    ...named,
    teamId: workspaceId,
    userId: user.id,
    channelId: channel.id,
    isDirectMessage: isDirectMessageChannel(channel.id),
    messageTs,
    ...(threadTs && { threadTs }),
    triggerId,
  };
}
