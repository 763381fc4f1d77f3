import type { Messages } from "../../core/i18n/messages.ts";
import type { JobRecord } from "../../core/jobs/job-record.ts";
import { clampText } from "../../kit/clamp-text.ts";
import { escapeSlackText } from "./escape-text.ts";

/** How much of each prompt the history shows. */
const maxPromptLength = 80;

/** One line of the history: a job, and a link to its message when it still has one. */
export interface HistoryEntry {
  readonly job: JobRecord;
  readonly link?: string;
}

/**
 * When, in the reader's own time zone and format: Slack's date token, with the UTC time as the
 * fallback for clients that cannot draw it.
 */
function when(at: number): string {
  return `<!date^${Math.floor(at / 1000)}^{date_short_pretty} {time}|${new Date(at).toISOString()}>`;
}

function line({ job, link }: HistoryEntry, messages: Messages): string {
  const prompt = escapeSlackText(clampText(job.request.prompt.replace(/\s+/g, " "), maxPromptLength));
  const parts = [
    `• ${messages.t("slack:quoted", { text: prompt })}`,
    messages.t(`slack:history.status.${job.status}`),
    when(job.createdAt),
  ];
  return `${parts.join(" · ")}${link ? ` · <${link}|${messages.t("slack:history.open")}>` : ""}`;
}

/** The private answer to `/imagine history`: the person's latest jobs, newest first. */
export function renderHistory(entries: readonly HistoryEntry[], messages: Messages): string {
  if (entries.length === 0) return messages.t("slack:history.empty");
  const heading = messages.t("slack:history.heading", { count: entries.length });
  return [heading, ...entries.map((entry) => line(entry, messages))].join("\n");
}
