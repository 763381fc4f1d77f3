import { ImagineError } from "../../core/errors/errors.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { historyLength } from "../../core/jobs/submission.ts";
import type { AskContext } from "./ask-context.ts";
import { buildActor, type SlackAsker } from "./build-actor.ts";
import type { MessageAddress } from "../deliver/create-message-links.ts";
import { describeForSlack } from "../render/describe-for-slack.ts";
import { renderHistory, type HistoryEntry } from "../render/render-history.ts";
import { toSlackText } from "../render/to-slack-text.ts";

/** The message a job's link opens: its last word (in its thread), else its thread; none once deleted. */
function addressOf(job: JobRecord): MessageAddress | undefined {
  const { threadTs, placeholderTs, resultTs } = job.messageRefs;
  const ts = resultTs ?? placeholderTs ?? threadTs;
  if (job.status === "deleted" || ts === undefined) return undefined;
  return { channelId: job.channelId, ts, ...(threadTs && { threadTs }) };
}

/**
 * `/imagine history`: the person's last jobs, newest first, answered only to them in their
 * language. When the workspace's address cannot be read the list comes without links.
 */
export async function showHistory(
  asker: SlackAsker,
  respond: (text: string) => Promise<unknown>,
  context: AskContext,
): Promise<void> {
  const log = context.log.child({ userId: asker.userId, channelId: asker.channelId });
  const speaking = context.locales.messagesFor(asker.userId);
  try {
    const actor = buildActor(asker, context.usergroups, context.admins);
    const jobs = await context.imagine.history(actor, historyLength);
    let entries: HistoryEntry[];
    try {
      entries = await Promise.all(
        jobs.map(async (job) => {
          const address = addressOf(job);
          return address ? { job, link: await context.links.linkTo(address) } : { job };
        }),
      );
    } catch (error) {
      log.warn({ err: error }, "could not build links to the history's messages; listing it without them");
      entries = jobs.map((job) => ({ job }));
    }
    await respond(toSlackText(renderHistory(entries, await speaking)));
  } catch (error) {
    log.error({ err: error }, "showing the history failed");
    await respond(describeForSlack(new ImagineError("internal"), await speaking)).catch(
      (respondError: unknown) => log.warn({ err: respondError }, "could not answer /imagine history"),
    );
  }
}
