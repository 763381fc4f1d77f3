import type { SlackIdentity, SlashCommand } from "./types.ts";

/** A Socket Mode envelope as Slack writes it on the socket. */
export interface Envelope {
  envelope_id: string;
  type: "events_api" | "slash_commands" | "interactive";
  accepts_response_payload: boolean;
  payload: Record<string, unknown>;
  retry_attempt?: number;
  retry_reason?: string;
}

/**
 * The Events API `event_callback` body for `event`: the same JSON an HTTP receiver gets POSTed and
 * a Socket Mode envelope carries as `payload`. Bolt picks the team from `authorizations[0]`.
 */
export function buildEventCallback(
  identity: SlackIdentity,
  event: Record<string, unknown>,
  eventId: string,
): Record<string, unknown> {
  const eventTime = Math.floor(Date.now() / 1000);
  return {
    token: "fake-verification-token",
    team_id: identity.teamId,
    api_app_id: identity.appId,
    event: { event_ts: event["ts"] ?? `${eventTime}.000000`, ...event },
    type: "event_callback",
    event_id: eventId,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: identity.teamId,
        user_id: identity.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${eventId}`,
  };
}

/** An `events_api` envelope. Slack sends `retry_reason: ""` on a first delivery. */
export function eventsApiEnvelope(
  envelopeId: string,
  payload: Record<string, unknown>,
  retry: { attempt: number; reason: string },
): Envelope {
  return {
    envelope_id: envelopeId,
    type: "events_api",
    accepts_response_payload: false,
    retry_attempt: retry.attempt,
    retry_reason: retry.reason,
    payload,
  };
}

/**
 * A `slash_commands` envelope. The payload is the form Slack would POST in HTTP mode, so every
 * value is a string (`is_enterprise_install: "false"`); the ack may carry the response.
 */
export function slashCommandEnvelope(
  envelopeId: string,
  identity: SlackIdentity,
  cmd: SlashCommand,
  responseUrl: string,
  triggerId: string,
): Envelope {
  return {
    envelope_id: envelopeId,
    type: "slash_commands",
    accepts_response_payload: true,
    payload: {
      token: "fake-verification-token",
      team_id: identity.teamId,
      team_domain: identity.teamDomain,
      channel_id: cmd.channelId,
      channel_name: cmd.channelName ?? `channel-${cmd.channelId.toLowerCase()}`,
      user_id: cmd.userId,
      user_name: cmd.userName ?? `user-${cmd.userId.toLowerCase()}`,
      command: cmd.command,
      text: cmd.text,
      api_app_id: identity.appId,
      is_enterprise_install: "false",
      response_url: responseUrl,
      trigger_id: cmd.triggerId ?? triggerId,
    },
  };
}

/**
 * An `interactive` envelope (`block_actions`, `view_submission`, …). Only a view submission's ack
 * carries a response (`response_action`); a click's ack is empty.
 */
export function interactiveEnvelope(envelopeId: string, payload: Record<string, unknown>): Envelope {
  return {
    envelope_id: envelopeId,
    type: "interactive",
    accepts_response_payload: payload["type"] === "view_submission",
    payload,
  };
}
