import type { InteractionRecord } from "./interaction-registry.ts";

/** How long Discord honours an interaction's token: 15 minutes from the interaction. */
export const interactionTokenLifetimeMs = 15 * 60_000;

/** Whether the token is past its 15 minutes at `now` (the fake's clock). */
export function hasOutlivedToken(interaction: InteractionRecord, now: number): boolean {
  return now - interaction.createdAt >= interactionTokenLifetimeMs;
}
