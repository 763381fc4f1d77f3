/**
 * The workspace's address, answered by `auth.test` and used in permalinks. A string only: nothing
 * ever connects to it, and the `.test` name can never reach a real host.
 */
export const workspaceUrl = "https://fake.slack.test/";

/**
 * A message's permalink as `chat.getPermalink` writes it: `p` and the `ts` without its dot; a
 * reply also names its thread, so the link opens the thread.
 */
export function permalinkFor(channel: string, ts: string, threadTs?: string): string {
  const link = `${workspaceUrl}archives/${channel}/p${ts.replace(".", "")}`;
  if (threadTs === undefined || threadTs === ts) return link;
  return `${link}?${new URLSearchParams({ thread_ts: threadTs, cid: channel }).toString()}`;
}
