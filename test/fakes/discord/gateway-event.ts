/** Something that happened on the gateway, in order. */
export type GatewayEvent =
  | { type: "connect"; connection: number }
  | { type: "identify"; connection: number; sessionId: string }
  | { type: "resume"; connection: number; sessionId: string; fromSeq: number; replayed: number }
  | { type: "invalid-session"; connection: number; sessionId: string }
  | { type: "receive"; connection: number; op: number; d: unknown }
  | { type: "close"; connection: number; code: number; by: "client" | "fake" };

/** Options of {@link FakeDiscord.dropGateway}. */
export interface DropOptions {
  /** Close code. Default 4000 (unknown error), which discord.js answers by resuming. */
  code?: number;
  /** Forget the session too, so a RESUME gets INVALID_SESSION and the client identifies afresh. Default false. */
  invalidateSession?: boolean;
}
