import type { JobRecord, JobStatus } from "../../core/jobs/job-record.ts";
import { showPrompt } from "./show-prompt.ts";

const statusWords: Record<JobStatus, string> = {
  queued: "waiting",
  running: "in progress",
  done: "done",
  failed: "failed",
  interrupted: "interrupted",
  deleted: "deleted",
};

/** Room for one prompt in the list: ten lines with links stay well inside 2,000 characters. */
const promptRoom = 80;

/** The link to the message that shows the job, when one is known. */
function linkTo(job: JobRecord): string | undefined {
  const messageId = job.messageRefs.replyId ?? job.messageRefs.partIds?.split(",")[0];
  if (!messageId || job.status === "deleted") return undefined;
  return `https://discord.com/channels/${job.workspaceId ?? "@me"}/${job.channelId}/${messageId}`;
}

/**
 * `/imagine-history`'s answer: one line per job, newest first — when (Discord shows `<t:…:R>` in
 * the reader's own time zone), its status, its prompt as inert text, and a link to its message.
 */
export function renderHistory(jobs: readonly JobRecord[]): string {
  if (jobs.length === 0) return "You haven't made any images yet (or they are older than the bot keeps).";
  const lines = jobs.map((job) => {
    const when = `<t:${Math.floor(job.createdAt / 1000)}:R>`;
    const link = linkTo(job);
    const prompt = showPrompt(job.request.prompt, promptRoom);
    return `• ${when} · ${statusWords[job.status]} · ${prompt}${link ? ` · [open](${link})` : ""}`;
  });
  return `Your last ${jobs.length === 1 ? "image" : `${jobs.length} images`}:\n${lines.join("\n")}`;
}
