/**
 * The public surface of the fake Discord: what a test starts, reads and steers.
 */
import type { FakeGuild } from "./fake-guild.ts";
import type { FakeMessage } from "./fake-message.ts";
import type { DropOptions, GatewayEvent } from "./gateway-event.ts";
import type { FakeModal } from "./fake-modal.ts";
import type {
  ButtonClickInput,
  InteractionInput,
  MessageCommandInput,
  ModalSubmitInput,
  UserMessageInput,
} from "./interaction-input.ts";
import type { FailMatch, FailReply, RecordedCall } from "./recorded-call.ts";
import type { HttpInteractionAnswer, Tampering } from "./http-interactions.ts";
import type { RateLimit } from "../rate-window.ts";
import type { WaitOptions } from "../../support/wait-until.ts";

/** Options for {@link startFakeDiscord}; every field has a fixed default so runs are reproducible. */
export interface FakeDiscordOptions {
  /** Guilds the bot is in, sent as GUILD_CREATE after READY. Default: one guild, {@link defaultGuild}. */
  guilds?: FakeGuild[];
  /** The application id. Default `"500000000000000001"`. */
  applicationId?: string;
  /** The bot user's id. Default: the application id (true of every app Discord creates today). */
  botUserId?: string;
  /** The bot token the fake accepts; any other gets 401 (REST) or close code 4004 (gateway). Default `"fake-bot-token"`. */
  token?: string;
  /** Largest file accepted on channel messages, in bytes (interactions use their own limit). Default 10 MiB. */
  uploadLimitBytes?: number;
  /** Enforce per-route rate-limit buckets (for the bench). Default: off. */
  rateLimit?: RateLimit;
  /**
   * Discord's clock, stamped into every id the fake makes (so into an interaction's
   * `createdTimestamp`, which the bot compares with its own clock for the token's age) and into
   * message times; an interaction token is refused once this clock is 15 minutes past its
   * interaction. Give it the bot's clock when a test moves that one. Default `Date.now`.
   */
  now?: () => number;
  /**
   * How interactions reach the bot: `gateway` (default) as INTERACTION_CREATE dispatches, or `http`
   * as signed POSTs to the URL given to `deliverInteractionsTo`, whose HTTP answer is the
   * interaction's response. In `http` mode the fake notes in `protocolErrors` what Discord would
   * refuse or an HTTP-mode app never does: a callback over REST for an interaction that came over
   * HTTP, `GET /gateway/bot`, a gateway connection, an answer that is not a valid response within 3 s.
   */
  interactions?: "gateway" | "http";
}

export type { WaitOptions } from "../../support/wait-until.ts";
export type { HttpInteractionAnswer, Tampering } from "./http-interactions.ts";

/** A running fake Discord: REST API and gateway on one 127.0.0.1 port. */
export interface FakeDiscord {
  /** REST base for `new Client({ rest: { api } })`; discord.js appends `/v10/...`. */
  readonly apiBaseUrl: string;
  /** The gateway URL `GET /gateway/bot` announces (discord.js appends `?v=10&encoding=json`). */
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly botUserId: string;
  /** The bot token the fake accepts. */
  readonly token: string;
  /** The guilds as sent in GUILD_CREATE, defaults filled in. */
  readonly guilds: readonly Required<FakeGuild>[];
  /** Every HTTP request, in arrival order. */
  readonly calls: RecordedCall[];
  /** Resolves with the first call matching `pred`, already recorded ones included; rejects listing all calls on timeout. */
  waitForCall(pred: (c: RecordedCall) => boolean, opts?: WaitOptions): Promise<RecordedCall>;
  /**
   * Resolves once `check()` holds (what the user sees, read through `messageFor` and the like),
   * checking now and after every call; rejects on timeout naming `what` and listing all calls.
   */
  waitUntil(check: () => boolean, what: string, opts?: WaitOptions): Promise<void>;
  /** Resolves once a client has identified and READY and every GUILD_CREATE were sent. */
  ready(opts?: WaitOptions): Promise<void>;
  /**
   * Dispatches INTERACTION_CREATE to the current session (queued for replay while it is
   * disconnected). Files given in `input.attachments` are resolved as Discord resolves them and
   * served at their `url`.
   */
  sendInteraction(input: InteractionInput): { id: string; token: string };
  /**
   * Uses a message command on a message: an APPLICATION_COMMAND interaction whose `data` is a
   * message command's (`type` 3, `target_id`, the message in `resolved.messages`). Throws when no
   * user could (message gone, someone else's ephemeral message).
   */
  sendMessageCommand(input: MessageCommandInput): { id: string; token: string };
  /**
   * Has a user post a message with files, which the bot sees only through interactions (it asks
   * for no message intents). Its attachments are served like any other.
   */
  postMessage(input: UserMessageInput): FakeMessage;
  /**
   * Clicks a button of a message the bot wrote: dispatches a MESSAGE_COMPONENT interaction (type 3)
   * carrying the message as it is now. Throws when no user could click it (message gone, button
   * missing, disabled or a link, someone else's ephemeral message).
   */
  clickButton(input: ButtonClickInput): { id: string; token: string };
  /**
   * Submits the newest modal the bot showed with this `custom_id`: dispatches a MODAL_SUBMIT
   * interaction (type 5) laid out as the modal was. Throws when no user could submit it (never
   * shown, shown to someone else, unknown field, required field empty).
   */
  submitModal(input: ModalSubmitInput): { id: string; token: string };
  /**
   * Makes a token stale: callbacks get 10062 Unknown interaction, webhook calls 10015 Unknown
   * Webhook. (A token past its 15 minutes by the fake's clock gets 10062 and 401 Invalid Webhook
   * Token, code 50027, on its own.)
   */
  expireInteraction(token: string): void;
  /** Makes the next `times` requests matching `match` fail with `reply` instead of reaching their route. */
  failNext(match: FailMatch, reply: FailReply): void;
  /** Closes the live gateway socket so the client reconnects. */
  dropGateway(opts?: DropOptions): void;
  /** Gateway connections accepted so far. */
  readonly gatewayConnections: number;
  /** Everything that happened on the gateway, in order. */
  readonly gatewayEvents: GatewayEvent[];
  /** Resolves with the first gateway event matching `pred`, already recorded ones included. */
  waitForGatewayEvent(pred: (e: GatewayEvent) => boolean, opts?: WaitOptions): Promise<GatewayEvent>;
  /**
   * The interaction's original response as the user sees it now; `undefined` before any response
   * or after deletion. For a click answered with an update (callback 6 or 7), the clicked message.
   */
  messageFor(interactionToken: string): FakeMessage | undefined;
  /** The modal the interaction was answered with (callback 9); `undefined` when none. */
  modalFor(interactionToken: string): FakeModal | undefined;
  /** A message by id as the user last saw it, deleted ones included (`deleted: true`); `undefined` when it never existed. */
  message(messageId: string): FakeMessage | undefined;
  /** Follow-up messages of an interaction, oldest first (deleted ones left out). */
  followupsFor(interactionToken: string): FakeMessage[];
  /** Every message in a channel, oldest first: channel messages and interaction responses alike (deleted ones left out). */
  channelMessages(channelId: string): FakeMessage[];
  /** Commands registered with a bulk overwrite, globally or for one guild. */
  registeredCommands(guildId?: string): unknown[];
  /** The application's Ed25519 public key in hex (`DISCORD_PUBLIC_KEY`), also `verify_key` of `GET /applications/@me`. */
  readonly publicKey: string;
  /** HTTP mode: where interactions are POSTed from now on (the bot's Interactions Endpoint URL). */
  deliverInteractionsTo(url: string): void;
  /**
   * HTTP mode: the bot's HTTP answer to the interaction with this token, once it came (and, for
   * a valid one, took effect as its response: `messageFor`, `modalFor` show it).
   */
  httpAnswerFor(interactionToken: string, opts?: WaitOptions): Promise<HttpInteractionAnswer>;
  /** HTTP mode: every answer so far, in order. */
  readonly httpAnswers: HttpInteractionAnswer[];
  /** HTTP mode: the next interaction POSTed (a command, click or modal) is spoiled so, as an attacker would send it. */
  tamperNextInteraction(tampering: Tampering): void;
  /** HTTP mode: POSTs a signed PING (type 1), as Discord does when the endpoint URL is saved. */
  ping(): Promise<HttpInteractionAnswer>;
  /** HTTP mode: what the bot did that Discord would refuse or never sees from an HTTP-mode app. Expect it empty. */
  readonly protocolErrors: readonly string[];
  /** Closes every socket and the server. */
  close(): Promise<void>;
}
