import type { InputImage } from "../../core/requests/input-image.ts";

/** How long an Edit image form waits for its prompt before the picture is forgotten. */
export const pendingEditTtlMs = 30 * 60_000;

/** Most forms waiting at once; the oldest is forgotten first past it, so a flood costs bounded memory. */
const maxPending = 10_000;

/** Pictures Edit image was used on, waiting for the prompt its form asks for. */
export interface PendingEdits {
  /** Keeps the picture for form `formId`, shown to `userId`, until it is taken or expires. */
  remember(formId: string, userId: string, image: InputImage): void;
  /**
   * The picture of form `formId`, forgotten as it is handed out; undefined when it expired, is
   * unknown, or was shown to someone other than `userId`.
   */
  take(formId: string, userId: string): InputImage | undefined;
}

interface Pending {
  readonly image: InputImage;
  readonly userId: string;
  readonly at: number;
}

/**
 * A form's picture, held in memory only: a form sent after a restart, or after `ttlMs`, finds
 * nothing and the person is asked to use Edit image again. Only the person the form was shown to
 * gets its picture, whatever form id a submission names. Expired entries are dropped as new ones
 * come, so only recent forms are held.
 */
export function createPendingEdits(now: () => number, ttlMs = pendingEditTtlMs): PendingEdits {
  // Insertion order is age order: expired ones lead.
  const pending = new Map<string, Pending>();
  const expired = (at: number, entry: Pending) => at - entry.at >= ttlMs;
  return {
    remember(formId, userId, image) {
      const at = now();
      for (const [oldId, entry] of pending) {
        if (!expired(at, entry) && pending.size < maxPending) break;
        pending.delete(oldId);
      }
      pending.delete(formId);
      pending.set(formId, { image, userId, at });
    },
    take(formId, userId) {
      const entry = pending.get(formId);
      if (entry?.userId !== userId) return undefined;
      pending.delete(formId);
      return expired(now(), entry) ? undefined : entry.image;
    },
  };
}
