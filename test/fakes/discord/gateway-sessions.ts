import { randomBytes } from "node:crypto";
import type { EventLog } from "../create-event-log.ts";
import type { DropOptions, GatewayEvent } from "./gateway-event.ts";

/** Gateway opcodes the fake speaks. */
export const op = {
  dispatch: 0,
  heartbeat: 1,
  identify: 2,
  resume: 6,
  invalidSession: 9,
  hello: 10,
  heartbeatAck: 11,
};

/** One client connection, as the sessions see it. */
export interface GatewayLink {
  connection: number;
  send(payload: unknown): void;
  /** Closes the connection from the fake's side. */
  close(code: number, reason: string): void;
}

/** What a session sends on IDENTIFY. */
export interface SessionDeps {
  /** The `ws://` URL clients resume at. */
  resumeUrl: string;
  /** The READY payload, without `session_id` and `resume_gateway_url`. */
  readyPayload: () => Record<string, unknown>;
  /** GUILD_CREATE payloads, sent right after READY. */
  guildCreates: () => unknown[];
  events: EventLog<GatewayEvent>;
}

/** Gateway sessions: sequence numbers, and the dispatches a RESUME replays. */
export interface SessionStore {
  /** Starts a session: READY, then a GUILD_CREATE per guild. */
  identify(link: GatewayLink): void;
  /** Re-attaches a session and replays what the client missed; INVALID_SESSION when it cannot. Returns whether it resumed. */
  resume(link: GatewayLink, sessionId: string, fromSeq: number): boolean;
  /** Sends a dispatch to the newest session, or keeps it for its resume while disconnected. */
  dispatch(t: string, d: unknown): void;
  /** Forgets `link`; `endSession` when the client closed normally (which ends a session on Discord). */
  detach(link: GatewayLink, endSession: boolean): void;
  drop(opts: DropOptions): void;
}

interface Session {
  id: string;
  seq: number;
  history: { s: number; t: string; d: unknown }[];
  link: GatewayLink | undefined;
  valid: boolean;
}

/** Creates a store with no session. */
export function createSessionStore(deps: SessionDeps): SessionStore {
  const sessions = new Map<string, Session>();
  let current: Session | undefined;
  const sendDispatch = (session: Session, t: string, d: unknown, replayable = true) => {
    session.seq += 1;
    if (replayable) session.history.push({ s: session.seq, t, d });
    session.link?.send({ op: op.dispatch, t, s: session.seq, d });
  };
  return {
    identify(link) {
      const session: Session = {
        id: randomBytes(16).toString("hex"),
        seq: 0,
        history: [],
        link,
        valid: true,
      };
      sessions.set(session.id, session);
      current = session;
      const ready = { ...deps.readyPayload(), session_id: session.id, resume_gateway_url: deps.resumeUrl };
      sendDispatch(session, "READY", ready, false);
      for (const guild of deps.guildCreates()) sendDispatch(session, "GUILD_CREATE", guild);
      deps.events.record({ type: "identify", connection: link.connection, sessionId: session.id });
    },
    resume(link, sessionId, fromSeq) {
      const session = sessions.get(sessionId);
      if (session === undefined || !session.valid) {
        deps.events.record({ type: "invalid-session", connection: link.connection, sessionId });
        // d: false means "not resumable": discord.js reconnects and identifies afresh.
        link.send({ op: op.invalidSession, d: false });
        return false;
      }
      session.link?.close(4009, "Session resumed elsewhere");
      session.link = link;
      const missed = session.history.filter((event) => event.s > fromSeq);
      for (const { s, t, d } of missed) link.send({ op: op.dispatch, t, s, d });
      sendDispatch(session, "RESUMED", {}, false);
      deps.events.record({
        type: "resume",
        connection: link.connection,
        sessionId,
        fromSeq,
        replayed: missed.length,
      });
      return true;
    },
    dispatch(t, d) {
      if (current === undefined || !current.valid) {
        throw new Error(
          "fake Discord: no gateway session to dispatch to (none identified yet, or the last one was " +
            "invalidated); await fake.ready() or an `identify` gateway event first",
        );
      }
      sendDispatch(current, t, d);
    },
    detach(link, endSession) {
      for (const session of sessions.values()) {
        if (session.link !== link) continue;
        session.link = undefined;
        if (endSession) session.valid = false;
      }
    },
    drop(opts) {
      const link = current?.link;
      if (current === undefined || link === undefined) {
        throw new Error("fake Discord: no live gateway connection to drop");
      }
      if (opts.invalidateSession) current.valid = false;
      link.close(opts.code ?? 4000, "fake Discord: dropped by the test");
    },
  };
}
