import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { AdapterObserver } from "../../core/jobs/job-observer.ts";
import type { Imagine } from "../../core/jobs/submission.ts";
import type { InputImageAccess } from "../../core/requests/input-image.ts";
import type { AdminLookup } from "./create-user-lookup.ts";
import type { LocaleLookup } from "./create-locale-lookup.ts";
import type { UsergroupLookup } from "./create-usergroup-lookup.ts";
import type { SendFileBytes } from "../deliver/create-file-sender.ts";
import type { PreviewServices } from "../deliver/create-live-previews.ts";
import type { MessageLinks } from "../deliver/create-message-links.ts";
import type { PendingEdits } from "../deliver/pending-edits.ts";
import type { SlackBudgets } from "../deliver/slack-budgets.ts";

/** What handling a request, a click or a command needs, shared by every listener of the adapter. */
export interface AskContext {
  readonly client: webApi.WebClient;
  /** Sends images' bytes to the upload URLs Slack hands out. */
  readonly sendFileBytes: SendFileBytes;
  readonly imagine: Imagine;
  /** How the core may download the files people share (Slack's file host, the bot token). */
  readonly inputAccess: InputImageAccess;
  readonly usergroups: UsergroupLookup;
  /**
   * Who administers the workspace; asked only when the policy lets admins skip limits, or when
   * someone deletes another person's image.
   */
  readonly admins: AdminLookup;
  /** Each person's language, for everything said to them and the jobs they start. */
  readonly locales: LocaleLookup;
  /** Links to messages, for the history. */
  readonly links: MessageLinks;
  readonly log: Logger;
  readonly progressIntervalMs: number;
  readonly budgets: SlackBudgets;
  /** Shows partial images in progress messages. */
  readonly previews: PreviewServices;
  readonly pendingEdits: PendingEdits;
  /** Told how long the person waited for the placeholder or the refusal. */
  readonly observer: AdapterObserver;
  readonly now: () => number;
}
