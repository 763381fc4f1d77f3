import type { FakeMessage, SlackIdentity, ViewStateValues } from "./types.ts";

/** Who acted, in the words every interactive payload uses. */
interface Actor {
  readonly userId: string;
  readonly teamId: string;
}

/** The button a person clicked, as the message's blocks define it. */
export interface ClickedButton {
  readonly blockId: string;
  readonly element: Record<string, unknown>;
}

/** What a click needs besides the message: ids Slack mints for it. */
export interface ClickDetails extends Actor {
  readonly button: ClickedButton;
  readonly value: string | undefined;
  readonly triggerId: string;
  readonly responseUrl: string;
  readonly actionTs: string;
}

const userOf = ({ userId, teamId }: Actor) => ({
  id: userId,
  username: `user-${userId.toLowerCase()}`,
  name: `user-${userId.toLowerCase()}`,
  team_id: teamId,
});

/**
 * Finds the button with `actionId` in a message's blocks (an `actions` block's elements or a
 * section's accessory). Slack gives a block without a `block_id` a random one; the fake derives
 * one from the block's position.
 */
export function findButton(message: FakeMessage, actionId: string): ClickedButton | undefined {
  const blocks = Array.isArray(message.blocks) ? (message.blocks as Record<string, unknown>[]) : [];
  for (const [index, block] of blocks.entries()) {
    const elements = Array.isArray(block["elements"]) ? (block["elements"] as unknown[]) : [];
    const candidates = block["accessory"] === undefined ? elements : [...elements, block["accessory"]];
    const element = candidates.find(
      (candidate): candidate is Record<string, unknown> =>
        typeof candidate === "object" &&
        candidate !== null &&
        (candidate as { action_id?: unknown }).action_id === actionId,
    );
    if (element === undefined) continue;
    const blockId = typeof block["block_id"] === "string" ? block["block_id"] : `block-${index}`;
    return { blockId, element };
  }
  return undefined;
}

/** The `block_actions` payload Slack sends when a person clicks a button in a channel message. */
export function blockActionsPayload(
  identity: SlackIdentity,
  message: FakeMessage,
  click: ClickDetails,
): Record<string, unknown> {
  const { channel, ephemeral_to: _ephemeralTo, ...shown } = message;
  const { element, blockId } = click.button;
  const value = click.value ?? element["value"];
  return {
    type: "block_actions",
    user: userOf(click),
    api_app_id: identity.appId,
    token: "fake-verification-token",
    container: { type: "message", message_ts: message.ts, channel_id: channel, is_ephemeral: false },
    trigger_id: click.triggerId,
    team: { id: click.teamId, domain: identity.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: `channel-${channel.toLowerCase()}` },
    message: { type: "message", ...shown, app_id: identity.appId, team: identity.teamId },
    state: { values: {} },
    response_url: click.responseUrl,
    actions: [
      {
        type: element["type"] ?? "button",
        action_id: element["action_id"],
        block_id: blockId,
        ...(element["text"] === undefined ? {} : { text: element["text"] }),
        ...(value === undefined ? {} : { value }),
        ...(element["style"] === undefined ? {} : { style: element["style"] }),
        action_ts: click.actionTs,
      },
    ],
  };
}

/** The `view_submission` payload Slack sends when a person submits a modal. */
export function viewSubmissionPayload(
  identity: SlackIdentity,
  view: Record<string, unknown>,
  submission: Actor & { readonly values: ViewStateValues; readonly triggerId: string },
): Record<string, unknown> {
  return {
    type: "view_submission",
    team: { id: submission.teamId, domain: identity.teamDomain },
    user: userOf(submission),
    api_app_id: identity.appId,
    token: "fake-verification-token",
    trigger_id: submission.triggerId,
    view: { ...view, state: { values: submission.values } },
    response_urls: [],
    enterprise: null,
    is_enterprise_install: false,
  };
}
