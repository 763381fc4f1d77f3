/** One JSON log line of a bot process, as far as tests read it. */
interface LogEntry {
  readonly msg?: string;
  readonly jobId?: string;
}

/** The line's JSON entry; `undefined` for a line that is not JSON (a start-up failure's text). */
function parseEntry(line: string): LogEntry | undefined {
  try {
    return JSON.parse(line) as LogEntry;
  } catch {
    return undefined;
  }
}

/** True for the line a bot process writes once every adapter has started. */
export const isRunningLine = (line: string): boolean => parseEntry(line)?.msg === "imagine-bot is running";

/** The ids of the jobs a bot process accepted, in the order it accepted them. */
export const acceptedJobIds = (lines: readonly string[]): string[] =>
  lines.flatMap((line) => {
    const entry = parseEntry(line);
    return entry?.msg === "job accepted" && entry.jobId ? [entry.jobId] : [];
  });
