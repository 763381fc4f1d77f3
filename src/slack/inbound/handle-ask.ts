import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { ImagineError } from "../../core/errors/errors.ts";
import type { AdapterObserver } from "../../core/jobs/job-observer.ts";
import type { Imagine, OpenSink } from "../../core/jobs/submission.ts";
import type { RawRequest } from "../../core/requests/request.ts";
import { buildActor, type SlackAsker } from "./build-actor.ts";
import type { AdminLookup } from "./create-admin-lookup.ts";
import type { UsergroupLookup } from "./create-usergroup-lookup.ts";
import type { SendFileBytes } from "../deliver/create-file-sender.ts";
import { createThreadSink } from "../deliver/create-thread-sink.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { FlagError, parseFlags } from "./parse-flags.ts";
import type { PendingEdits } from "../deliver/pending-edits.ts";
import type { SlackBudgets } from "../deliver/slack-budgets.ts";
import { createTellPrivately } from "../deliver/tell-privately.ts";

/** One request read out of a Slack mention, direct message or slash command. */
export interface SlackAsk extends SlackAsker {
  /** What the person typed: the bot's mention removed, Slack's escaping undone. */
  readonly text: string;
  /** The thread to answer in; absent for a slash command, which starts its own. */
  readonly threadTs?: string;
  /** The thread the request was typed in, if any: private answers show there. */
  readonly typedInThreadTs?: string;
  /** A slash command's private reply through its `response_url`. */
  readonly respond?: (text: string) => Promise<unknown>;
}

/** What handling a request needs, shared by every listener of the adapter. */
export interface AskContext {
  readonly client: webApi.WebClient;
  /** Sends images' bytes to the upload URLs Slack hands out. */
  readonly sendFileBytes: SendFileBytes;
  readonly imagine: Imagine;
  readonly usergroups: UsergroupLookup;
  /** Who administers the workspace; asked only when the policy lets admins skip limits. */
  readonly admins: AdminLookup;
  readonly log: Logger;
  readonly progressIntervalMs: number;
  readonly budgets: SlackBudgets;
  readonly pendingEdits: PendingEdits;
  /** Told how long the person waited for the placeholder or the refusal. */
  readonly observer: AdapterObserver;
  readonly now: () => number;
}

/** Elapsed time on the placeholder moves on at least this often while nothing else changes. */
const elapsedRefreshMs = 5_000;

/**
 * Reads the flags, submits to the core and shows the outcome: refusals privately, an accepted
 * job in its thread. Never throws (it runs inside Bolt listeners).
 */
export async function handleAsk(ask: SlackAsk, context: AskContext): Promise<void> {
  const receivedAt = context.now();
  const acknowledged = () => context.observer.acknowledged("slack", context.now() - receivedAt);
  const log = context.log.child({ userId: ask.userId, channelId: ask.channelId });
  const tell = createTellPrivately(
    context.client,
    {
      channelId: ask.channelId,
      userId: ask.userId,
      ...(ask.typedInThreadTs && { threadTs: ask.typedInThreadTs }),
      ...(ask.respond && { respond: ask.respond }),
    },
    log,
  );
  try {
    let request: RawRequest;
    try {
      request = parseFlags(ask.text);
    } catch (error) {
      if (!(error instanceof FlagError)) throw error;
      log.info({ reason: error.message }, "request refused: flags");
      context.observer.refused("slack", "invalid_request");
      await tell(error.message);
      return acknowledged();
    }
    const openSink: OpenSink = (job) =>
      createThreadSink(job, {
        client: context.client,
        sendFileBytes: context.sendFileBytes,
        log,
        channelId: ask.channelId,
        userId: ask.userId,
        ...(ask.threadTs && { threadTs: ask.threadTs }),
        tell,
        intervalMs: context.progressIntervalMs,
        tickMs: Math.max(context.progressIntervalMs, elapsedRefreshMs),
        budgets: context.budgets,
        pendingEdits: context.pendingEdits,
        onPlaceholderPosted: acknowledged,
        now: context.now,
      });
    const actor = buildActor(ask, context.usergroups, context.admins);
    const submission = await context.imagine.submit({ request, actor, openSink });
    if (submission.status === "refused") {
      log.info({ code: submission.error.code }, "request refused");
      await tell(describeForSlack(submission.error));
      return acknowledged();
    }
  } catch (error) {
    log.error({ err: error }, "handling a Slack request failed");
    await tell(describeForSlack(new ImagineError("internal")));
  }
}
