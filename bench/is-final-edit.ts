import type { RecordedCall } from "../test/fakes/discord/index.ts";

/** The deferred reply's last edit: the images, or the error sentence (⚠️). */
export function isFinalEdit(call: RecordedCall): boolean {
  if (call.method !== "PATCH" || call.route !== "webhookMessage" || call.status !== 200) return false;
  const content = (call.json as { content?: unknown } | undefined)?.content;
  return (
    call.files.some((file) => file.filename.startsWith("imagine-")) ||
    (typeof content === "string" && content.startsWith("⚠️"))
  );
}
