import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { RawData } from "ws";
import type { Envelope } from "./envelopes.ts";
import type { EnvelopeAck, SlackIdentity } from "./types.ts";
import { waitUntil } from "../../support/wait-until.ts";

/** The Socket Mode side of the fake: single-use URLs, `hello`, envelopes and their acks. */
export interface SocketModeServer {
  /** A fresh `ws://…/socket?ticket=…` URL, valid for one connection (`apps.connections.open`). */
  issueUrl(): string;
  /** Takes over an HTTP upgrade request for `/socket`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  connected(timeoutMs: number): Promise<void>;
  connectionCount(): number;
  deliver(envelope: Envelope, timeoutMs: number): Promise<EnvelopeAck>;
  disconnectAll(timeoutMs: number): Promise<void>;
  close(): void;
}

/**
 * Creates the Socket Mode server. Pings need no code here: the client (@slack/socket-mode) pings
 * every `clientPingTimeout / 3` ms and drops the socket after `clientPingTimeout` without a pong,
 * which `ws` answers on its own (`autoPong`). The server never pings: the client only starts its
 * server-ping watchdog (`serverPingTimeout`) after the first ping it receives.
 */
export function createSocketModeServer(deps: {
  origin: () => string;
  identity: SlackIdentity;
  newTicket: () => string;
}): SocketModeServer {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const open = new Set<WebSocket>();
  // Sockets that were sent `hello`, oldest first: envelopes go to the newest, as a fresh
  // connection is the one that survives a reconnect.
  const ready = new Set<WebSocket>();
  const readyListeners = new Set<() => void>();
  const pendingAcks = new Map<string, (ack: EnvelopeAck) => void>();
  const failOnClose = new Set<(error: Error) => void>();
  const acksSeen: string[] = [];
  let connections = 0;
  let closed = false;

  const onMessage = (data: RawData): void => {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (message === null || typeof message !== "object") return;
    const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId !== "string") return;
    acksSeen.push(envelopeId);
    pendingAcks.get(envelopeId)?.({ envelopeId, ack: payload });
  };

  const onConnection = (ws: WebSocket): void => {
    connections += 1;
    open.add(ws);
    // A reset socket must not crash the test process; 'close' follows and cleans up.
    ws.on("error", () => undefined);
    ws.on("message", onMessage);
    ws.on("close", () => {
      open.delete(ws);
      ready.delete(ws);
    });
    const hello = {
      type: "hello",
      num_connections: open.size,
      debug_info: { host: "fake-slack", build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: deps.identity.appId },
    };
    // Bolt's app.start() resolves when the client reads `hello`, so it must come first.
    ws.send(JSON.stringify(hello), (error) => {
      if (error !== undefined && error !== null) return;
      if (ws.readyState !== WebSocket.OPEN) return;
      ready.add(ws);
      for (const listener of [...readyListeners]) listener();
    });
  };

  const guarded = <T>(
    subscribe: (done: (value: T) => void, fail: (error: Error) => void) => () => void,
  ): ((done: (value: T) => void, fail: (error: Error) => void) => () => void) => {
    return (done, fail) => {
      if (closed) {
        fail(new Error("fake Slack is closed"));
        return () => undefined;
      }
      failOnClose.add(fail);
      const unsubscribe = subscribe(done, fail);
      return () => {
        failOnClose.delete(fail);
        unsubscribe();
      };
    };
  };

  const connected = (timeoutMs: number): Promise<void> =>
    waitUntil<void>(
      guarded((done) => {
        if (ready.size > 0) done();
        const listener = (): void => done();
        readyListeners.add(listener);
        return () => readyListeners.delete(listener);
      }),
      timeoutMs,
      () =>
        `fake Slack: no Socket Mode connection within ${timeoutMs} ms ` +
        `(${connections} accepted so far; did the app call apps.connections.open and start?)`,
    );

  return {
    issueUrl() {
      const ticket = deps.newTicket();
      tickets.add(ticket);
      const wsOrigin = deps.origin().replace(/^http/, "ws");
      return `${wsOrigin}/socket?ticket=${ticket}&app_id=${deps.identity.appId}`;
    },

    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? "/", "http://fake-slack.invalid");
      const ticket = url.searchParams.get("ticket") ?? "";
      // Slack's tickets are single-use: a client must call apps.connections.open for every connect.
      if (closed || url.pathname !== "/socket" || !tickets.delete(ticket)) {
        socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
        return;
      }
      wss.handleUpgrade(req, socket, head, onConnection);
    },

    connected,

    connectionCount: () => connections,

    async deliver(envelope, timeoutMs) {
      await connected(timeoutMs);
      const ws = [...ready].at(-1);
      if (ws === undefined) throw new Error("fake Slack: the Socket Mode connection closed before delivery");
      const id = envelope.envelope_id;
      return waitUntil<EnvelopeAck>(
        guarded((done, fail) => {
          pendingAcks.set(id, done);
          ws.send(JSON.stringify(envelope), (error) => {
            if (error !== undefined && error !== null) fail(error);
          });
          return () => pendingAcks.delete(id);
        }),
        timeoutMs,
        () =>
          `fake Slack: Bolt did not ack ${envelope.type} envelope ${id} within ${timeoutMs} ms ` +
          `(acks received: ${acksSeen.join(", ") || "none"})`,
      );
    },

    disconnectAll(timeoutMs) {
      const sockets = [...open];
      const message = JSON.stringify({
        type: "disconnect",
        reason: "refresh_requested",
        debug_info: { host: "fake-slack" },
      });
      for (const ws of sockets) ws.send(message);
      return waitUntil<void>(
        guarded((done) => {
          const check = (): void => {
            if (sockets.every((ws) => ws.readyState === WebSocket.CLOSED)) done();
          };
          for (const ws of sockets) ws.on("close", check);
          check();
          return () => {
            for (const ws of sockets) ws.off("close", check);
          };
        }),
        timeoutMs,
        () => `fake Slack: sockets did not close within ${timeoutMs} ms after "disconnect"`,
      );
    },

    close() {
      closed = true;
      for (const fail of [...failOnClose]) fail(new Error("fake Slack was closed while waiting"));
      for (const ws of open) ws.terminate();
      wss.close();
    },
  };
}
