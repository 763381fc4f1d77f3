/**
 * Text cut to at most `max` UTF-16 code units, ending with "…" when anything was cut. A surrogate
 * pair is never split, and platforms count characters no more strictly than code units, so the
 * result fits any limit stated in characters.
 */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return "";
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  // A high surrogate whose low half would be cut off goes too.
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
