import type { PolicyFile } from "./policy-file.ts";

function flatten(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return [`${path}: ${value.length ? value.join(", ") : "(empty list)"}`];
  if (value !== null && typeof value === "object") {
    const lines = Object.entries(value).flatMap(([key, inner]) =>
      flatten(inner, path ? `${path}.${key}` : key),
    );
    return lines.length ? lines : [`${path}: (empty)`];
  }
  return [`${path}: ${String(value)}`];
}

/**
 * One line per setting the policy file holds, as `section.key: value`, ids exactly as they were
 * read, so an operator can see what the bot will apply before starting it.
 */
export function describePolicyFile(file: PolicyFile): string[] {
  return Object.entries(file).flatMap(([section, value]) => flatten(value, section));
}
