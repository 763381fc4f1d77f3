import type { Messages } from "../../core/i18n/messages.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { showPrompt } from "./show-prompt.ts";

/** Room for one prompt in the list: ten lines with links stay well inside 2,000 characters. */
const promptRoom = 80;

/** The link to the message that shows the job, when one is known. */
function linkTo(job: JobRecord): string | undefined {
  const messageId = job.messageRefs.replyId ?? job.messageRefs.partIds?.split(",")[0];
  if (!messageId || job.status === "deleted") return undefined;
  return `https://discord.com/channels/${job.workspaceId ?? "@me"}/${job.channelId}/${messageId}`;
}

/**
 * `/imagine-history`'s answer, in `messages`' language: one line per job, newest first — when
 * (Discord shows `<t:…:R>` in the reader's own time zone), its status, its prompt as inert text,
 * and a link to its message.
 */
export function renderHistory(jobs: readonly JobRecord[], messages: Messages): string {
  if (jobs.length === 0) return messages.t("discord:history.empty");
  const open = messages.t("discord:history.open");
  const lines = jobs.map((job) => {
    const when = `<t:${Math.floor(job.createdAt / 1000)}:R>`;
    const link = linkTo(job);
    const prompt = showPrompt(job.request.prompt, promptRoom);
    const status = messages.t(`discord:history.status.${job.status}`);
    return `• ${when} · ${status} · ${prompt}${link ? ` · [${open}](${link})` : ""}`;
  });
  return `${messages.t("discord:history.title", { count: jobs.length })}\n${lines.join("\n")}`;
}
