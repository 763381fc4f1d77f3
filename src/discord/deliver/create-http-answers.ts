import type { ServerResponse } from "node:http";
import type { RESTOptions } from "discord.js";
import type { Logger } from "pino";
import { Headers } from "undici";

type MakeRequest = NonNullable<RESTOptions["makeRequest"]>;
type RequestInit = Parameters<MakeRequest>[1];
type TransportAnswer = Awaited<ReturnType<MakeRequest>>;

/** An interaction that arrived over HTTP, as far as answering it goes. */
export interface HttpInteraction {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly application_id: string;
}

/**
 * The answers to interactions that arrived over HTTP, which Discord takes only in the HTTP
 * response. The handlers answer as in gateway mode (`deferReply`, `reply`, `showModal`,
 * `deferUpdate`, `respond`), which discord.js sends as `POST /interactions/{id}/{token}/callback`;
 * `wrap` catches that call on the REST transport and writes its body as the HTTP response instead.
 */
export interface HttpAnswers {
  /** Holds `response` open for the interaction's callback (at most `answerWithinMs`). */
  expect(interaction: HttpInteraction, response: ServerResponse): void;
  /** The REST transport with the callbacks of interactions that arrived over HTTP caught. */
  wrap(send: MakeRequest): MakeRequest;
  /** Stops the timers; responses still open are left to the server's close. */
  stop(): void;
}

export interface HttpAnswersOptions {
  readonly log: Logger;
  /**
   * How long an interaction waits for its handler's answer before it is answered with a deferral,
   * safely inside Discord's 3 s. Default 2500 ms.
   */
  readonly answerWithinMs?: number;
}

/** Interaction callback types (Discord's InteractionResponseType). */
const callback = { reply: 4, deferredReply: 5, autocomplete: 8 };
const autocompleteInteraction = 4;
/** How long a deferral given in the handler's stead covers for an answer that comes later: the token's life. */
const coverMs = 15 * 60_000;
const callbackPath = /\/interactions\/(\d+)\/([^/?]+)\/callback(?:\?|$)/;

interface Waiting {
  readonly interaction: HttpInteraction;
  readonly response: ServerResponse;
  readonly timer: NodeJS.Timeout;
  /** The callback type sent in the handler's stead once it was late; undefined while waiting. */
  fallback?: number;
}

/** A callback's body as discord.js built it, and the bytes that carry it. */
interface CallbackBody {
  readonly type: number;
  readonly data: unknown;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly json: boolean;
}

async function readCallback(init: RequestInit): Promise<CallbackBody | undefined> {
  const { body } = init;
  if (typeof body === "string") {
    const parsed = JSON.parse(body) as { type?: unknown; data?: unknown };
    if (typeof parsed.type !== "number") return undefined;
    const bytes = Buffer.from(body, "utf8");
    return { type: parsed.type, data: parsed.data, contentType: "application/json", bytes, json: true };
  }
  if (body instanceof FormData) {
    // Files: the same multipart body, `payload_json` and `files[n]`, which Discord also takes here.
    const payload = body.get("payload_json");
    const parsed = JSON.parse(typeof payload === "string" ? payload : "{}") as {
      type?: unknown;
      data?: unknown;
    };
    if (typeof parsed.type !== "number") return undefined;
    const encoded = new Response(body);
    const bytes = Buffer.from(await encoded.arrayBuffer());
    const contentType = encoded.headers.get("content-type") ?? "multipart/form-data";
    return { type: parsed.type, data: parsed.data, contentType, bytes, json: false };
  }
  return undefined;
}

/** Writes the answer and resolves once it is handed to the network (or the connection is gone). */
function writeAnswer(response: ServerResponse, contentType: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (response.headersSent || response.destroyed) return resolve();
    response.once("close", resolve);
    response
      .writeHead(200, { "content-type": contentType, "content-length": bytes.length })
      .end(bytes, resolve);
  });
}

/**
 * What discord.js gets back for a callback answered in the HTTP response: Discord's 204, or for
 * `?with_response=true` the callback object, which over HTTP names no message (there is none to
 * read back: the answer went in the response).
 */
function answered(url: string, interaction: HttpInteraction, type: number): TransportAnswer {
  const withResponse = new URL(url).searchParams.get("with_response") === "true";
  const text = withResponse
    ? JSON.stringify({ interaction: { id: interaction.id, type: interaction.type }, resource: { type } })
    : "";
  const bytes = Buffer.from(text, "utf8");
  return {
    body: null,
    bodyUsed: false,
    arrayBuffer: async () => new Uint8Array(bytes).buffer,
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
    headers: new Headers(withResponse ? { "content-type": "application/json" } : {}),
    status: withResponse ? 200 : 204,
    statusText: withResponse ? "OK" : "No Content",
    ok: true,
  } as unknown as TransportAnswer;
}

/** Creates the answers of HTTP mode; see {@link HttpAnswers}. */
export function createHttpAnswers(options: HttpAnswersOptions): HttpAnswers {
  const { log } = options;
  const answerWithinMs = options.answerWithinMs ?? 2500;
  const byId = new Map<string, Waiting>();

  /** The handler was late: a deferral now, so the person never reads "The application did not respond". */
  function answerInStead(waiting: Waiting): void {
    const { interaction, response } = waiting;
    const body =
      interaction.type === autocompleteInteraction
        ? { type: callback.autocomplete, data: { choices: [] } }
        : { type: callback.deferredReply };
    waiting.fallback = body.type;
    log.warn(
      { interactionId: interaction.id, interactionType: interaction.type, afterMs: answerWithinMs },
      "a Discord interaction had no answer in time; deferred it in the handler's stead",
    );
    void writeAnswer(response, "application/json", Buffer.from(JSON.stringify(body)));
    setTimeout(() => byId.delete(interaction.id), coverMs).unref();
  }

  /**
   * A callback after the deferral given in the handler's stead: the same deferral is already
   * done; a reply becomes a follow-up (private when the reply was) and the "thinking…" placeholder
   * is removed; anything else goes to Discord, which refuses it.
   */
  async function answerLate(
    send: MakeRequest,
    url: string,
    init: RequestInit,
    waiting: Waiting,
    body: CallbackBody,
  ): Promise<TransportAnswer> {
    const { interaction } = waiting;
    const lateLog = log.child({ interactionId: interaction.id, callbackType: body.type });
    if (body.type === waiting.fallback) {
      lateLog.info("a late answer matched the deferral already given");
      return answered(url, interaction, body.type);
    }
    if (body.type !== callback.reply || waiting.fallback !== callback.deferredReply || !body.json) {
      lateLog.warn("a late answer cannot follow the deferral already given; Discord will refuse it");
      return send(url, init);
    }
    const base = url.slice(0, callbackPath.exec(url)?.index ?? 0);
    const webhook = `${base}/webhooks/${interaction.application_id}/${interaction.token}`;
    const headers = init.headers as Record<string, string>;
    const followUp = await send(webhook, {
      ...init,
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify(body.data ?? {}),
    });
    if (!followUp.ok) return followUp;
    const placeholder = await send(`${webhook}/messages/@original`, {
      method: "DELETE",
      headers: Object.fromEntries(
        Object.entries(headers).filter(([name]) => name.toLowerCase() !== "content-type"),
      ),
      ...(init.signal && { signal: init.signal }),
    });
    if (!placeholder.ok)
      lateLog.warn({ status: placeholder.status }, "could not remove the deferral's placeholder");
    lateLog.info("a late reply was sent as a follow-up of the deferral already given");
    return answered(url, interaction, body.type);
  }

  return {
    expect(interaction, response) {
      const waiting: Waiting = {
        interaction,
        response,
        timer: setTimeout(() => answerInStead(waiting), answerWithinMs),
      };
      byId.set(interaction.id, waiting);
    },
    wrap(send) {
      return async (url, init) => {
        const [, id, token] = callbackPath.exec(url) ?? [];
        const waiting = id === undefined ? undefined : byId.get(id);
        if (waiting === undefined || waiting.interaction.token !== decodeURIComponent(token ?? "")) {
          return send(url, init);
        }
        const body = await readCallback(init);
        if (body === undefined) return send(url, init);
        byId.delete(waiting.interaction.id);
        if (waiting.fallback !== undefined) return answerLate(send, url, init, waiting, body);
        clearTimeout(waiting.timer);
        // Resolved only once the answer is written: the handler's next call (an edit of the reply)
        // must not reach Discord before the answer it edits.
        await writeAnswer(waiting.response, body.contentType, body.bytes);
        return answered(url, waiting.interaction, body.type);
      };
    },
    stop() {
      for (const waiting of byId.values()) clearTimeout(waiting.timer);
      byId.clear();
    },
  };
}
