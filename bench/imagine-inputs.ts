import type { InteractionInput } from "../test/fakes/discord/index.ts";

/**
 * `count` `/imagine` commands, each by a different person with a prompt of its own: none meets a
 * limit of their own (IMAGINE_MAX_QUEUED_PER_USER is 1 in the bench).
 */
export function imagineInputs(count: number, firstPerson = 0): InteractionInput[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = firstPerson + offset;
    return {
      commandName: "imagine",
      userId: String(810_000_000_000_000_000n + BigInt(index)),
      options: [{ name: "prompt", type: 3, value: `bench-http-${index}` }],
    };
  });
}
