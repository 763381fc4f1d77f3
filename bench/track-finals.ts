import type { FakeDiscord, RecordedCall } from "../test/fakes/discord/index.ts";
import { isFinalEdit } from "./is-final-edit.ts";

/** The final edits of interactions' replies (their images, or the error sentence) as the fake Discord recorded them. */
export interface FinalsTracker {
  /** The final edit of the reply to the interaction with this token, if it came. */
  finalOf(token: string): RecordedCall | undefined;
  /** Resolves once every one of `tokens` has its final edit, or after `timeoutMs` (whichever first). */
  waitForAll(tokens: readonly string[], timeoutMs: number): Promise<void>;
}

/**
 * Reads the fake Discord's calls as they come, once each, keeping every reply's final edit; the
 * uploads' bytes are dropped as they are read (the bench needs the file names, not the images).
 */
export function trackFinals(discord: FakeDiscord): FinalsTracker {
  const finals = new Map<string, RecordedCall>();
  const arrivals: string[] = [];
  let read = 0;
  const update = () => {
    for (; read < discord.calls.length; read++) {
      const call = discord.calls[read]!;
      const token = call.params["token"];
      if (token !== undefined && !finals.has(token) && isFinalEdit(call)) {
        finals.set(token, call);
        arrivals.push(token);
      }
      call.files = call.files.map((file) => ({ ...file, bytes: Buffer.alloc(0) }));
    }
  };
  return {
    finalOf(token) {
      update();
      return finals.get(token);
    },
    async waitForAll(tokens, timeoutMs) {
      update();
      const wanted = new Set(tokens.filter((token) => !finals.has(token)));
      let counted = arrivals.length;
      const done = () => {
        update();
        for (; counted < arrivals.length; counted++) wanted.delete(arrivals[counted]!);
        return wanted.size === 0;
      };
      // On timeout the fake lists every call it recorded: not worth reading here.
      await discord.waitUntil(done, "every job finished", { timeoutMs }).catch(() => undefined);
    },
  };
}
