import type { WaitOptions } from "../../support/wait-until.ts";
import type { SlackRateLimit } from "./web-api-route.ts";
/**
 * The public surface of the fake Slack: what a test starts, reads and steers.
 */

/** Options for {@link startFakeSlack}; every field has a fixed default so runs are reproducible. */
export interface FakeSlackOptions {
  /** Workspace id in events and `auth.test`. Default `"T0FAKE0001"`. */
  teamId?: string;
  /** The bot's user id (`auth.test` `user_id`). Default `"U0FAKEBOT1"`. */
  botUserId?: string;
  /** The bot id (`auth.test` `bot_id`). Default `"B0FAKEBOT1"`. */
  botId?: string;
  /** User group id → member user ids, answered by `usergroups.users.list`. Default: none. */
  usergroups?: Record<string, string[]>;
  /** User id → Slack locale (`ja-JP`), answered by `users.info` with `include_locale`. Default: `en-US`. */
  locales?: Record<string, string>;
  /** Per-method limits answered with `ratelimited` + Retry-After (for the bench). Default: none. */
  rateLimits?: Record<string, SlackRateLimit>;
  /**
   * The fake's clock, in ms: it stamps signed requests and, only when given, expires a `trigger_id`
   * 3 s after the interaction that issued it (`views.open` then answers `expired_trigger_id`).
   * Give the bot's clock here when the bot has one. Default `Date.now`, and triggers never expire.
   */
  now?: () => number;
}

/** Who the fake says the bot is; shared by the Web API and the event envelopes. */
export interface SlackIdentity {
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
  botToken: string;
  appToken: string;
}

/** One request the fake received, in arrival order. */
export interface RecordedCall {
  /**
   * Web API method (`"chat.postMessage"`, …), `"response_url"` for a POST to a slash command's or
   * an interaction's `response_url`, `"upload_url"` for a POST of a file's bytes (its args: `file_id`, `length`),
   * or `"url_private"` for a GET of a file (its args: `file_id`).
   */
  method: string;
  /**
   * Arguments as sent on the wire: a urlencoded body gives strings (the WebClient JSON-encodes
   * objects such as `blocks` or `files`), a JSON body gives its values, a multipart body gives
   * strings and Buffers. Query-string arguments are merged in.
   */
  args: Record<string, unknown>;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** Bearer token from `Authorization`, else the `token` argument; `undefined` when neither. */
  token: string | undefined;
  /** HTTP status the fake answered with; 0 for a request it holds unanswered (a stalled upload). */
  status: number;
  /** JSON body the fake answered with. */
  response: unknown;
  /** `Date.now()` when the request arrived, to assert on back-off between attempts. */
  receivedAt: number;
}

/** Bytes a client POSTed to an `upload_url` from `files.getUploadURLExternal`. */
export interface RecordedUpload {
  url: string;
  bytes: Buffer;
  fileId: string;
  /** The `filename` given to `files.getUploadURLExternal`. */
  filename: string;
  /** The POST's content type: the raw bytes' own, or `multipart/form-data; boundary=…`. */
  contentType: string;
}

/** A file a person shares, for {@link FakeSlack.shareFile}. */
export interface SharedFile {
  userId: string;
  /** The file's name; its extension gives the type unless `mimetype` is set. */
  name: string;
  bytes: Buffer;
  mimetype?: string;
}

/** A message as the channel shows it now: posted, then updated; deleted ones are gone. */
export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown;
  attachments?: unknown;
  files?: { id: string; name: string; title: string }[];
  /** Author: the bot user for Web API posts, the invoking user for `response_url` posts. */
  user: string;
  bot_id?: string;
  edited?: { user: string; ts: string };
  /** Set for ephemeral messages: the only user who sees them. */
  ephemeral_to?: string;
}

/** How {@link FakeSlack.failNext} answers the next calls of a method. */
export interface FailReply {
  /** Slack error code; `"ratelimited"` answers HTTP 429 with a `Retry-After` header. */
  error: string;
  /** `Retry-After` in whole seconds for `"ratelimited"`. Default 1. */
  retryAfterSeconds?: number;
  /** HTTP status. Default 429 for `"ratelimited"`, else 200 (Slack's usual for `ok:false`). */
  status?: number;
  /** How many consecutive calls fail. Default 1. */
  times?: number;
  /** Record the call and never answer it (until its client hangs up): a Slack that stalls. */
  hang?: boolean;
}

/** How {@link FakeSlack.failUpload} answers the next POSTs to upload URLs. */
export interface UploadFailure {
  /** HTTP status. Default 500. */
  status?: number;
  /** Sent as `Retry-After` with the status, in seconds (fractions are sent as they are). */
  retryAfterSeconds?: number;
  /**
   * Answer nothing: the fake holds the request, its connection open, until the client gives up
   * or the fake closes (an upload service that hangs). `status` is then ignored.
   */
  stall?: boolean;
  /** How many consecutive POSTs fail. Default 1. */
  times?: number;
}

export type { WaitOptions } from "../../support/wait-until.ts";

/** What Bolt sent back for an envelope. */
export interface EnvelopeAck {
  envelopeId: string;
  /** The ack's `payload` (`{}` for a bare `ack()`, the response for `ack({ text })`). */
  ack: unknown;
}

/** Extra envelope fields for {@link FakeSlack.sendEvent}. */
export interface SendEventOptions extends WaitOptions {
  /** `retry_attempt`; default 0. */
  retryAttempt?: number;
  /** `retry_reason`; default `""` (what Slack sends on a first delivery). */
  retryReason?: string;
  /** `event_id`; default a fresh `Ev…` id. */
  eventId?: string;
}

/** A slash command invocation for {@link FakeSlack.sendSlashCommand}. */
export interface SlashCommand {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  userName?: string;
  channelName?: string;
  triggerId?: string;
}

/** Options for {@link FakeSlack.signedEventRequest}. */
export interface SignedRequestOptions {
  signingSecret: string;
  /** `x-slack-request-timestamp` in Unix seconds; default now. */
  timestamp?: number;
  /** Sign with a different secret so the receiver must refuse it. */
  forgeSignature?: boolean;
  /** Adds `x-slack-retry-num` (and `x-slack-retry-reason`). */
  retryNum?: number;
  /** `x-slack-retry-reason` when `retryNum` is given; default `"http_timeout"`. */
  retryReason?: string;
}

/** A signed Events API POST, ready for `fetch(url, { method: "POST", headers, body })`. */
export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** A person clicking a button in a channel message, for {@link FakeSlack.clickAction}. */
export interface ClickAction extends WaitOptions {
  channelId: string;
  /** The message holding the button; it must be in the fake's store (posted by the bot). */
  messageTs: string;
  /** The button's `action_id`; the message's blocks must hold it. */
  actionId: string;
  /** The action's `value`. Default: the button's own `value`. */
  value?: string;
  userId: string;
  /** Default: the fake's workspace. */
  teamId?: string;
}

/** `state.values` of a submitted modal: block id → action id → the input's state. */
export type ViewStateValues = Record<
  string,
  Record<string, { type: string; value?: string | null; [field: string]: unknown }>
>;

/** A person submitting an open modal, for {@link FakeSlack.submitView}: by `viewId` or `callbackId`. */
export interface ViewSubmission extends WaitOptions {
  /** The view's `id` from `views.open`. */
  viewId?: string;
  /** Used when `viewId` is not given: the newest open view with this `callback_id`. */
  callbackId?: string;
  /** e.g. `{ prompt_block: { prompt: { type: "plain_text_input", value: "a cat" } } }`. */
  values: ViewStateValues;
  userId: string;
  /** Default: the fake's workspace. */
  teamId?: string;
}

/** What the bot answered to an interactive payload. */
export interface InteractionAck {
  /**
   * The ack's body: `{}` for a bare `ack()`, else what the bot acked with (for a view
   * submission, e.g. `{ response_action: "errors", errors: { block_id: "…" } }`).
   */
  ack: unknown;
  /** Socket Mode: the envelope that carried the payload. */
  envelopeId?: string;
  /** HTTP mode: the status the bot answered the POST with (401 for a signature it refused). */
  status?: number;
}

/** The app's Interactivity Request URL, used instead of Socket Mode once set. */
export interface InteractivityUrl {
  /** e.g. `http://127.0.0.1:PORT/slack/events`. */
  url: string;
  /** What the fake signs each POST with. */
  signingSecret: string;
}

/** A modal the bot opened with `views.open`. */
export interface FakeView {
  /** `V…`, as `views.open` answered. */
  id: string;
  /** Who sees it: the person whose interaction issued the `trigger_id`. */
  userId: string;
  /** The view as Slack keeps it: the bot's fields (`callback_id`, `private_metadata`, `blocks`, …) with `id`, `hash`, `state`. */
  view: Record<string, unknown>;
  /** True until a submission closes it (a bare ack or `response_action: "clear"`). */
  open: boolean;
}

/** A running fake Slack (Web API, upload URLs, Socket Mode) on 127.0.0.1. */
export interface FakeSlack extends SlackIdentity {
  /** Web API base, `http://127.0.0.1:PORT/api/`; give it to Bolt as `clientOptions.slackApiUrl`. */
  apiUrl: string;
  /** Every request received, in order (live array). */
  calls: RecordedCall[];
  /** Every successful POST to an upload URL, in order (live array). */
  uploads: RecordedUpload[];
  /** Resolves with the first call (already recorded or future) matching `pred`; rejects on timeout listing the calls. */
  waitForCall(pred: (c: RecordedCall) => boolean, opts?: WaitOptions): Promise<RecordedCall>;
  /**
   * Resolves once `check()` holds (what people see, read through `messagesIn` and the like),
   * checking now and after every call; rejects on timeout naming `what` and listing the calls.
   */
  waitUntil(check: () => boolean, what: string, opts?: WaitOptions): Promise<void>;
  /**
   * Makes the next `times` calls of `method` fail with `reply` (`"response_url"` targets POSTs to a
   * slash command's response URL). Failures queue up per method in the order scheduled.
   */
  failNext(method: string, reply: FailReply): void;
  /** From now on, `users.info` with `include_locale` answers `locale` (`ja-JP`, `de-DE`…) for `userId`. */
  setLocale(userId: string, locale: string): void;
  /** Makes the next `times` POSTs to upload URLs answer `status` (with Retry-After), or hang. */
  failUpload(reply: UploadFailure): void;
  /** Requests the fake holds unanswered whose client has not hung up yet. */
  heldRequests(): number;
  /** A fresh message timestamp, later than every one handed out before. */
  newTs(): string;
  /** Messages in `channel` as users see them now; with `threadTs`, that thread (root and replies). */
  messagesIn(channel: string, threadTs?: string): FakeMessage[];
  /** Ephemeral messages `user` was shown in `channel`. */
  ephemeralsFor(channel: string, user: string): FakeMessage[];
  /** The `event_callback` body Slack would deliver for `event` (for HTTP mode or custom envelopes). */
  eventCallback(event: Record<string, unknown>, opts?: { eventId?: string }): Record<string, unknown>;
  /** Resolves once a Socket Mode connection is open and has been sent `hello`. */
  socketConnected(opts?: WaitOptions): Promise<void>;
  /** Number of Socket Mode connections accepted so far (reconnects included). */
  socketConnectionCount(): number;
  /** Delivers an `events_api` envelope; resolves when Bolt acks it. */
  sendEvent(event: Record<string, unknown>, opts?: SendEventOptions): Promise<EnvelopeAck>;
  /** Delivers a `slash_commands` envelope; resolves with Bolt's ack (which may carry a response). */
  sendSlashCommand(cmd: SlashCommand, opts?: WaitOptions): Promise<EnvelopeAck>;
  /** Asks every open socket to reconnect (Slack's `disconnect` message); resolves once they closed. */
  disconnectSocket(opts?: WaitOptions): Promise<void>;
  /**
   * Sends the `block_actions` payload of `click` (with a fresh `trigger_id` and a `response_url`
   * that can replace or delete the clicked message); resolves with the bot's ack. Rejects when the
   * message or the button is not there.
   */
  clickAction(click: ClickAction): Promise<InteractionAck>;
  /**
   * Sends the `view_submission` payload of an open modal with `values` as its `state.values`;
   * resolves with the bot's ack, which also decides whether the modal closes (see {@link views}).
   * Rejects when no such modal is open.
   */
  submitView(submission: ViewSubmission): Promise<InteractionAck>;
  /**
   * HTTP mode: POST interactive payloads, signed, to `target.url` instead of sending them over
   * Socket Mode; `undefined` goes back to Socket Mode.
   */
  setInteractivityUrl(target: InteractivityUrl | undefined): void;
  /** Every modal opened so far, in order, with whether it is still open. */
  views(): FakeView[];
  /** Whether a file id names a file that was not deleted (uploaded or only reserved). */
  fileExists(fileId: string): boolean;
  /** From now on, Slack lists a completed file's `shares` in `files.info` only after `looks` looks. */
  delayFileShares(looks: number): void;
  /** `slack_file` ids that messages in `channel` draw in image blocks but that are deleted. */
  missingImages(channel: string): string[];
  /**
   * A person shares a file: the fake keeps its bytes at a `url_private` that, like Slack's, needs
   * the bot token, and answers `files.info` for it. Returns the file object as Slack puts it in an
   * event's `files[]` (a test may change fields, e.g. `size`, before sending it).
   */
  shareFile(file: SharedFile): Record<string, unknown>;
  /** Builds a signed Events API request for an HTTP-mode receiver. */
  signedEventRequest(body: object, opts: SignedRequestOptions): SignedRequest;
  /** Closes every socket and server. */
  close(): Promise<void>;
}
