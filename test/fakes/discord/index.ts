/**
 * A protocol-level fake Discord for end-to-end tests that drive the real discord.js: a REST API
 * that records every call and can fail on request, and a gateway that speaks v10's opcodes, on
 * one 127.0.0.1 port.
 */
export { startFakeDiscord } from "./start-fake-discord.ts";
export { defaultGuild } from "./build-guild.ts";
export { defaultAttachmentSizeLimit } from "./interaction-frame.ts";
export { interactionTokenLifetimeMs } from "./interaction-expiry.ts";
export type * from "./fake-guild.ts";
export type * from "./fake-message.ts";
export type * from "./fake-modal.ts";
export type * from "./gateway-event.ts";
export type * from "./interaction-input.ts";
export type { CommandUploadInput, UploadInput } from "./uploads.ts";
export type * from "./recorded-call.ts";
export type * from "./types.ts";
