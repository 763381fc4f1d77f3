import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { createEventLog, type EventLog } from "../create-event-log.ts";
import type { InteractionPayload } from "./build-interaction.ts";
import { discordErrors } from "./discord-errors.ts";
import type { InteractionRecord } from "./interaction-registry.ts";
import { parseRequestBody } from "./parse-request-body.ts";
import type { RecordedCall, RecordedFile } from "./recorded-call.ts";
import type { Route, RouteReply } from "./rest-types.ts";

/** The application's Ed25519 key pair: Discord signs with the private key; the bot is given the public one. */
export interface SigningKeys {
  /** The raw 32-byte public key in hex, as the developer portal shows it (`DISCORD_PUBLIC_KEY`). */
  publicKeyHex: string;
  privateKey: KeyObject;
}

/** A fresh key pair for one fake. */
export function createSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  // The SPKI DER of an Ed25519 key is a 12-byte header and the raw key.
  const publicKeyHex = publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex");
  return { publicKeyHex, privateKey };
}

/** The bot's HTTP answer to one interaction POSTed to it. */
export interface HttpInteractionAnswer {
  /** The interaction's token (a PING's too). */
  token: string;
  /** The HTTP status; 0 when no answer came (connection refused or reset, or no answer within 10 s). */
  status: number;
  contentType: string;
  /** The JSON answer (the interaction response: `{ type, data }`), or a multipart answer's `payload_json`. */
  json: unknown;
  /** File parts of a multipart answer. */
  files: RecordedFile[];
  /** The body as text (an error's, say). */
  text: string;
  /** How long the answer took, by the real clock. */
  elapsedMs: number;
  /** With `replay`: the HTTP status the same signed request got when sent again. */
  replayStatus?: number;
}

/** How to spoil the next POST, as a forger or a replaying attacker would. */
export interface Tampering {
  /** `forged`: signed by another key; `missing`: no signature header; `malformed`: not hex. */
  signature?: "forged" | "missing" | "malformed";
  /** The timestamp signed and sent, instead of the fake's clock now. */
  timestampMs?: number;
  /** Sends a body other than the one signed (a byte changed on the way). */
  changeBody?: boolean;
  /** Once answered, sends the very same signed request again, as someone who captured it would. */
  replay?: boolean;
}

/** Discord's side of HTTP interactions: signed POSTs, their answers, and what Discord would refuse. */
export interface HttpInteractions {
  readonly keys: SigningKeys;
  /** Everything Discord would refuse or never do with an app in HTTP interactions mode; a test expects none. */
  readonly protocolErrors: string[];
  readonly answers: EventLog<HttpInteractionAnswer>;
  /** Where interactions go; undefined until the test names the bot's endpoint. */
  url: string | undefined;
  /** The next POST is spoiled so. */
  tamperNext(tampering: Tampering): void;
  /** POSTs an interaction the fake built; once answered, the answer takes effect as a callback would. */
  deliver(payload: InteractionPayload, record: InteractionRecord): void;
  /** POSTs a PING; resolves with the answer. */
  ping(): Promise<HttpInteractionAnswer>;
  /** The routes, with the ones an HTTP-mode app must never call refused and noted. */
  guard(routes: Route[]): Route[];
  /** Resolves once the HTTP answer to the interaction with this token has taken effect (at once if none is awaited). */
  settled(token: string | undefined): Promise<void> | undefined;
  /** Notes a gateway connection attempt, which an HTTP-mode app never makes. */
  refuseGateway(): void;
}

/** What delivering needs from the fake. */
export interface HttpInteractionDeps {
  applicationId: string;
  /** The fake's clock, stamped into the signature timestamp. */
  now: () => number;
  newId: () => string;
  /** The callback route itself, which an HTTP answer goes through as if the bot had called it. */
  callbackRoute: Route;
  /** Where HTTP answers are recorded too, so that `waitUntil` sees what they changed. */
  calls: EventLog<RecordedCall>;
}

/** Discord gives up on an interaction not answered within 3 s and shows "The application did not respond". */
const answerDeadlineMs = 3000;

/** Creates Discord's HTTP side for one fake. */
export function createHttpInteractions(deps: HttpInteractionDeps): HttpInteractions {
  const keys = createSigningKeys();
  const forger = generateKeyPairSync("ed25519").privateKey;
  const protocolErrors: string[] = [];
  const answers = createEventLog<HttpInteractionAnswer>({
    fake: "fake Discord",
    entry: "HTTP interaction answer",
    describe: (a) => `${a.token.slice(0, 16)}… → ${a.status} ${a.text.slice(0, 200)}`,
  });
  const tamperings: Tampering[] = [];
  const overHttp = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();
  let url: string | undefined;

  async function post(body: string, token: string): Promise<HttpInteractionAnswer> {
    if (url === undefined) throw new Error("fake Discord: deliverInteractionsTo(url) first");
    const tampering = tamperings.shift() ?? {};
    const timestamp = String(Math.floor((tampering.timestampMs ?? deps.now()) / 1000));
    const signer = tampering.signature === "forged" ? forger : keys.privateKey;
    const signature = sign(null, Buffer.from(timestamp + body), signer).toString("hex");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Discord-Interactions/1.0 (+https://discord.com)",
      "x-signature-timestamp": timestamp,
    };
    if (tampering.signature !== "missing")
      headers["x-signature-ed25519"] = tampering.signature === "malformed" ? "not-hex" : signature;
    const sent = tampering.changeBody === true ? body.replace(/}$/, ',"x":1}') : body;
    const started = performance.now();
    const answer: HttpInteractionAnswer = {
      token,
      status: 0,
      contentType: "",
      json: undefined,
      files: [],
      text: "",
      elapsedMs: 0,
    };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: sent,
        signal: AbortSignal.timeout(10_000),
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      answer.status = response.status;
      answer.contentType = response.headers.get("content-type") ?? "";
      answer.text = answer.contentType.startsWith("multipart/") ? "" : bytes.toString("utf8");
      const parsed = await parseRequestBody(answer.contentType, bytes).catch(() => undefined);
      answer.json = parsed?.json;
      answer.files = parsed?.files ?? [];
    } catch (error) {
      answer.text = String(error);
    }
    answer.elapsedMs = performance.now() - started;
    if (tampering.replay === true) {
      const again = await fetch(url, {
        method: "POST",
        headers,
        body: sent,
        signal: AbortSignal.timeout(10_000),
      });
      await again.arrayBuffer();
      answer.replayStatus = again.status;
    }
    return answer;
  }

  /** What Discord does with the answer: shows it as the interaction's response, or refuses it. */
  function takeEffect(answer: HttpInteractionAnswer, record: InteractionRecord, expected: boolean): void {
    const named = `the bot's HTTP answer to interaction ${record.id}`;
    if (answer.status !== 200) {
      if (expected) protocolErrors.push(`${named}: HTTP ${answer.status} ${answer.text.trim()}`);
      return;
    }
    if (!expected) {
      protocolErrors.push(`${named}: 200 to a request Discord would not have signed so`);
      return;
    }
    if (answer.elapsedMs > answerDeadlineMs) {
      protocolErrors.push(`${named} came after ${Math.round(answer.elapsedMs)} ms, past Discord's 3 s`);
      return;
    }
    const reply = deps.callbackRoute.handle({
      method: "POST",
      params: { interactionId: record.id, token: record.token },
      query: new URLSearchParams(),
      json: answer.json,
      files: answer.files,
    });
    if (reply.status >= 400)
      protocolErrors.push(`${named} is one Discord refuses: ${JSON.stringify(reply.body)}`);
    deps.calls.record({
      method: "POST",
      path: new URL(url ?? "http://bot/").pathname,
      query: {},
      route: "interactionResponse",
      params: { interactionId: record.id, token: record.token },
      headers: { "content-type": answer.contentType },
      json: answer.json,
      files: answer.files,
      status: answer.status,
      response: reply.body,
      receivedAt: Date.now(),
    });
  }

  return {
    keys,
    protocolErrors,
    answers,
    get url() {
      return url;
    },
    set url(value) {
      url = value;
    },
    tamperNext: (tampering) => void tamperings.push(tampering),
    deliver(payload, record) {
      overHttp.add(record.token);
      // A replay spoils nothing of the first delivery: only the copy sent after it.
      const expected = tamperings.length === 0 || Object.keys(tamperings[0] ?? {}).join() === "replay";
      const done = post(JSON.stringify(payload), record.token).then((answer) => {
        takeEffect(answer, record, expected);
        answers.record(answer);
      });
      inFlight.set(record.token, done);
      void done.finally(() => inFlight.delete(record.token));
    },
    async ping() {
      const token = `ping-${deps.newId()}`;
      const body = { id: deps.newId(), application_id: deps.applicationId, type: 1, token, version: 1 };
      const answer = await post(JSON.stringify(body), token);
      answers.record(answer);
      return answer;
    },
    guard(routes) {
      return routes.map((route) => {
        if (route.name === "interactionCallback") {
          return {
            ...route,
            handle(req) {
              if (!overHttp.has(req.params["token"] ?? "")) return route.handle(req);
              protocolErrors.push(
                `the bot called POST /interactions/${req.params["interactionId"]}/…/callback for an interaction ` +
                  "that came over HTTP: its answer belongs in the HTTP response",
              );
              return discordErrors.alreadyAcknowledged();
            },
          };
        }
        if (route.name === "gatewayBot") {
          return {
            ...route,
            handle(): RouteReply {
              protocolErrors.push("the bot asked GET /gateway/bot in HTTP interactions mode");
              return discordErrors.notFound();
            },
          };
        }
        return route;
      });
    },
    settled: (token) => (token === undefined ? undefined : inFlight.get(token)),
    refuseGateway() {
      protocolErrors.push("the bot opened a gateway connection in HTTP interactions mode");
    },
  };
}
