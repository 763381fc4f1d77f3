import type { webApi } from "@slack/bolt";
import { slackFile, type SlackFile } from "./slack-file.ts";

/**
 * Looks a file up with `files.info` (scope `files:read`): undefined when Slack's answer describes
 * no file the bot can read. Rejects when the call fails (`file_not_found`, a file now deleted).
 */
export async function lookUpFile(client: webApi.WebClient, fileId: string): Promise<SlackFile | undefined> {
  const answer = await client.files.info({ file: fileId });
  const parsed = slackFile.safeParse(answer.file);
  return parsed.success ? parsed.data : undefined;
}
