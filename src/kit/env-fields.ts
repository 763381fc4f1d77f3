import { z } from "zod";

/**
 * Builders for environment variables: each takes the raw string (or nothing) and yields the typed
 * value with its default, or a problem worded for the operator. Shared by every part of the
 * configuration, so a list or a flag reads the same whatever variable it is.
 */

/** An empty value (`DISCORD_TOKEN=` in a .env file) means "not set". */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    schema.optional(),
  );

/** Trimmed text, or undefined when unset; `hint` is the problem shown for anything else. */
export const text = (hint: string) => optional(z.string({ error: hint }).trim());

/** An http(s) URL without trailing slashes; `fallback` when unset. */
export const httpUrl = (fallback: string) =>
  optional(
    z
      .string()
      .trim()
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
        error: "must be an http(s) URL",
      }),
  ).transform((value) => (value ?? fallback).replace(/\/+$/, ""));

/** A whole number between `min` and `max`; `fallback` when unset. */
export const integer = (fallback: number, min: number, max: number) =>
  optional(
    z.coerce
      .number({ error: `must be a whole number between ${min} and ${max}` })
      .int({ error: `must be a whole number between ${min} and ${max}` })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` }),
  ).transform((value) => value ?? fallback);

/** A number, fractions allowed (dollars), between `min` and `max`; `fallback` when unset. */
export const decimal = (fallback: number, min: number, max: number) =>
  optional(
    z.coerce
      .number({ error: `must be a number between ${min} and ${max}` })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` }),
  ).transform((value) => value ?? fallback);

/** The items of a comma-separated list, trimmed, empty ones dropped. */
export const splitList = (value: string) =>
  value
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);

/** A comma-separated list of ids (letters, digits, - and _); empty when unset. */
export const idList = optional(
  z
    .string()
    .transform(splitList)
    .refine((ids) => ids.every((id) => /^[A-Za-z0-9_-]+$/.test(id)), {
      error: "must be a comma-separated list of ids (letters, digits, - and _)",
    }),
).transform((value) => value ?? []);

/** true/false, 1/0 or yes/no; `fallback` when unset. */
export const flag = (fallback: boolean) =>
  optional(z.enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })).transform(
    (value) => (value === undefined ? fallback : ["true", "1", "yes"].includes(value)),
  );
