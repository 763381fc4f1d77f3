import type { JobRecord, JobStatus } from "../../core/jobs/job-record.ts";
import { clampText } from "../../kit/clamp-text.ts";
import { escapeSlackText } from "./escape-text.ts";

/** How much of each prompt the history shows. */
const maxPromptLength = 80;

/** One line of the history: a job, and a link to its message when it still has one. */
export interface HistoryEntry {
  readonly job: JobRecord;
  readonly link?: string;
}

function statusWords(status: JobStatus): string {
  switch (status) {
    case "queued":
      return "waiting";
    case "running":
      return "in progress";
    case "done":
      return "done";
    case "failed":
      return "failed";
    case "interrupted":
      return "interrupted";
    case "deleted":
      return "deleted";
  }
}

/**
 * When, in the reader's own time zone and format: Slack's date token, with the UTC time as the
 * fallback for clients that cannot draw it.
 */
function when(at: number): string {
  return `<!date^${Math.floor(at / 1000)}^{date_short_pretty} {time}|${new Date(at).toISOString()}>`;
}

function line({ job, link }: HistoryEntry): string {
  const prompt = escapeSlackText(clampText(job.request.prompt.replace(/\s+/g, " "), maxPromptLength));
  const parts = [`• “${prompt}”`, statusWords(job.status), when(job.createdAt)];
  return `${parts.join(" · ")}${link ? ` · <${link}|open>` : ""}`;
}

/** The private answer to `/imagine history`: the person's latest jobs, newest first. */
export function renderHistory(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0)
    return "You have no image requests on record. Try `/imagine a lighthouse at dawn`.";
  const heading =
    entries.length === 1 ? "Your last request:" : `Your last ${entries.length} requests, newest first:`;
  return [heading, ...entries.map(line)].join("\n");
}
