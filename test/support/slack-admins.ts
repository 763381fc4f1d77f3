import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** A Web API address that answers as the fake does, but names some people workspace admins. */
export interface SlackAdmins {
  /** Give this to the bot as SLACK_API_URL (ends with a slash). */
  readonly apiUrl: string;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Forwards every Web API call on 127.0.0.1 to `apiUrl` (the fake Slack, which records it as
 * usual) and hands back its answer, except that `users.info` says `is_admin: true` for the ids in
 * `admins`: the fake Slack answers every user as a plain member.
 */
export async function startSlackAdmins(apiUrl: string, admins: readonly string[]): Promise<SlackAdmins> {
  const server = createServer((request, response) => {
    void (async () => {
      const method = (request.url ?? "/").replace(/^\/api\//, "");
      const answer = await fetch(new URL(method, apiUrl), {
        method: request.method ?? "POST",
        headers: Object.fromEntries(
          ["content-type", "authorization"].flatMap((name) => {
            const value = request.headers[name];
            return typeof value === "string" ? [[name, value]] : [];
          }),
        ),
        ...(request.method === "POST" && { body: await readBody(request) }),
      });
      let body = Buffer.from(await answer.arrayBuffer());
      const json = method.startsWith("users.info")
        ? (JSON.parse(body.toString()) as { user?: { id: string } })
        : undefined;
      if (json?.user && admins.includes(json.user.id)) {
        body = Buffer.from(JSON.stringify({ ...json, user: { ...json.user, is_admin: true } }));
      }
      const retryAfter = answer.headers.get("retry-after");
      response
        .writeHead(answer.status, {
          "content-type": answer.headers.get("content-type") ?? "application/json",
          ...(retryAfter && { "retry-after": retryAfter }),
        })
        .end(body);
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
