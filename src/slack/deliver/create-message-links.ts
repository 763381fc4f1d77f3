import type { webApi } from "@slack/bolt";

/** Where a message is: its channel, its ts, and the thread it answers (if any). */
export interface MessageAddress {
  readonly channelId: string;
  readonly ts: string;
  readonly threadTs?: string;
}

/** Builds links that open a message in Slack. */
export interface MessageLinks {
  /**
   * A link that opens the message (in its thread). Rejects when the workspace's address cannot
   * be read (`auth.test`); it is asked again next time.
   */
  linkTo(message: MessageAddress): Promise<string>;
}

/**
 * Links built from the workspace's address, which `auth.test` answers (`url`), read once and kept:
 * `${url}archives/${channel}/p${ts without its dot}`, and for a reply `?thread_ts=…&cid=…` so the
 * link opens its thread. This is the form `chat.getPermalink` answers; building it here costs one
 * call per process instead of one per message (a history of ten is ten calls, against a limit
 * Slack counts per minute).
 */
export function createMessageLinks(client: Pick<webApi.WebClient, "auth">): MessageLinks {
  let workspaceUrl: Promise<string> | undefined;

  function readWorkspaceUrl(): Promise<string> {
    if (workspaceUrl) return workspaceUrl;
    const reading = client.auth.test().then(({ url }) => {
      if (!url) throw new Error("auth.test answered without the workspace's url");
      return url.endsWith("/") ? url : `${url}/`;
    });
    workspaceUrl = reading;
    // A failure is not kept: the next call asks again.
    void reading.catch(() => {
      if (workspaceUrl === reading) workspaceUrl = undefined;
    });
    return reading;
  }

  return {
    async linkTo({ channelId, ts, threadTs }) {
      const link = `${await readWorkspaceUrl()}archives/${channelId}/p${ts.replace(".", "")}`;
      if (threadTs === undefined || threadTs === ts) return link;
      return `${link}?${new URLSearchParams({ thread_ts: threadTs, cid: channelId }).toString()}`;
    },
  };
}
