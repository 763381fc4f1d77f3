import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { EventLog } from "../create-event-log.ts";
import type { GatewayEvent } from "./gateway-event.ts";
import { isRecord } from "./is-record.ts";
import { type GatewayLink, op, type SessionStore } from "./gateway-sessions.ts";

/** Close codes the fake uses. */
const closeCode = {
  decodeError: 4002,
  notAuthenticated: 4003,
  authFailed: 4004,
  alreadyAuthenticated: 4005,
  invalidVersion: 4012,
};

/** What the gateway needs. */
export interface GatewayDeps {
  token: string;
  sessions: SessionStore;
  events: EventLog<GatewayEvent>;
}

/** The WebSocket side of the gateway: handshake, HELLO, heartbeats, IDENTIFY and RESUME. */
export interface GatewayServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly connections: number;
  close(): Promise<void>;
}

/** Creates a gateway at `/gateway` that speaks v10 JSON without compression. */
export function createGatewayServer(deps: GatewayDeps): GatewayServer {
  const wss = new WebSocketServer({ noServer: true });
  let connections = 0;

  wss.on("connection", (socket: WebSocket, req: IncomingMessage) => {
    connections += 1;
    const link = linkFor(socket, connections);
    deps.events.record({ type: "connect", connection: link.connection });
    socket.on("close", (code) => {
      const by = closedByFake.has(socket) ? "fake" : "client";
      deps.events.record({ type: "close", connection: link.connection, code, by });
      // A client closing with 1000/1001 ends its session; discord.js closes with 4200 to resume later.
      deps.sessions.detach(link, by === "client" && (code === 1000 || code === 1001));
    });
    const params = new URL(req.url ?? "/", "ws://fake").searchParams;
    // discord.js adds `compress=zlib-stream` only when zlib-sync is installed; the fake speaks plain JSON.
    if (params.get("v") !== "10" || params.get("encoding") !== "json" || params.has("compress")) {
      link.close(closeCode.invalidVersion, "fake Discord speaks only ?v=10&encoding=json, uncompressed");
      return;
    }
    let authenticated = false;
    socket.on("message", (data, isBinary) => {
      const payload = isBinary ? undefined : parse(data.toString());
      if (payload === undefined) return link.close(closeCode.decodeError, "Decode error");
      deps.events.record({ type: "receive", connection: link.connection, op: payload.op, d: payload.d });
      if (payload.op === op.heartbeat) return link.send({ op: op.heartbeatAck });
      if (payload.op !== op.identify && payload.op !== op.resume) {
        // Presence, voice, member requests and the like: ignored once authenticated.
        if (!authenticated) link.close(closeCode.notAuthenticated, "Not authenticated");
        return;
      }
      if (authenticated) return link.close(closeCode.alreadyAuthenticated, "Already authenticated");
      const d = isRecord(payload.d) ? payload.d : {};
      if (d.token !== deps.token) return link.close(closeCode.authFailed, "Authentication failed");
      if (payload.op === op.identify) {
        authenticated = true;
        deps.sessions.identify(link);
      } else {
        authenticated = deps.sessions.resume(link, String(d.session_id), Number(d.seq));
      }
    });
    link.send({ op: op.hello, d: { heartbeat_interval: 41_250 } });
  });

  const closedByFake = new WeakSet<WebSocket>();
  const linkFor = (socket: WebSocket, connection: number): GatewayLink => ({
    connection,
    send(payload) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
    },
    close(code, reason) {
      closedByFake.add(socket);
      socket.close(code, reason);
    },
  });

  return {
    handleUpgrade(req, socket, head) {
      if (new URL(req.url ?? "/", "ws://fake").pathname !== "/gateway") {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    },
    get connections() {
      return connections;
    },
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function parse(text: string): { op: number; d: unknown } | undefined {
  try {
    const payload: unknown = JSON.parse(text);
    if (!isRecord(payload) || typeof payload.op !== "number") return undefined;
    return { op: payload.op, d: payload.d };
  } catch {
    return undefined;
  }
}
