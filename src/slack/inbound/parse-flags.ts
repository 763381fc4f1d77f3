import { english, type Messages, type MessageValues } from "../../core/i18n/messages.ts";
import type { RawRequest } from "../../core/requests/request.ts";
import { clampText } from "../../kit/clamp-text.ts";

/** Why a flag could not be read, as a sentence of the catalogue. */
type FlagProblem = "unknown" | "needsValue" | "wholeNumber" | "unclosedQuote";

/** A mention or command text that could not be read; `message` is the English, for the log. */
export class FlagError extends Error {
  override readonly name = "FlagError";

  constructor(
    readonly problem: FlagProblem,
    readonly values: MessageValues = {},
  ) {
    super(describeFlagProblem(problem, values, english));
  }

  /** The sentence for the person, in their language. */
  describe(messages: Messages): string {
    return describeFlagProblem(this.problem, this.values, messages);
  }
}

function describeFlagProblem(problem: FlagProblem, values: MessageValues, messages: Messages): string {
  return messages.t(`slack:flags.${problem}`, { ...values, flags: messages.t("slack:flags.help") });
}

const flagNames = {
  size: "size",
  n: "count",
  count: "count",
  quality: "quality",
  model: "model",
} as const satisfies Record<string, keyof RawRequest>;

type FlagName = keyof typeof flagNames;

/** Longest unknown flag name repeated back; real ones are a few letters. */
const maxEchoedFlagLength = 30;

/** Quotes that open a quoted value: straight double and single, and Slack's curly double. */
const openingQuotes: ReadonlySet<string> = new Set(['"', "'", "\u201C"]);

/** The quote that closes one opened with `quote`. */
const closingQuote = (quote: string) => (quote === "\u201C" ? "\u201D" : quote);

/**
 * Splits text into words, keeping "quoted values" together. A quote opens one only at the start
 * of a word or right after a flag's `=`, and closes it only where no letter or digit follows, so
 * an apostrophe inside a word ("the cat's toy", 'a cat's toy') stays part of the text.
 */
function tokenize(text: string): string[] {
  const chars = [...text];
  const tokens: string[] = [];
  let current = "";
  let quote: string | undefined;
  let inToken = false;
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    if (quote) {
      const next = chars[index + 1] ?? "";
      if (char === closingQuote(quote) && !/[\p{L}\p{N}]/u.test(next)) quote = undefined;
      else current += char;
      continue;
    }
    if (openingQuotes.has(char) && (!inToken || /^--[a-z]+=$/i.test(current))) {
      quote = char;
      inToken = true;
      continue;
    }
    if (/\s/.test(char)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
      continue;
    }
    current += char;
    inToken = true;
  }
  if (quote) throw new FlagError("unclosedQuote");
  if (inToken) tokens.push(current);
  return tokens;
}

/**
 * Reads `a lighthouse at dawn --size 1536x1024 --n 2 --quality high --model gpt-image-1`.
 * Words before, between and after flags form the prompt; `--flag value` and `--flag=value` both
 * work; an unknown flag is refused with the list of valid ones.
 * @throws FlagError with a sentence for the person.
 */
export function parseFlags(text: string): RawRequest {
  const request: RawRequest = { prompt: "" };
  const words: string[] = [];
  const tokens = tokenize(text);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const match = /^--?([a-z]+)(?:=(.*))?$/i.exec(token);
    if (!match || !token.startsWith("--")) {
      words.push(token);
      continue;
    }
    const name = match[1]!.toLowerCase();
    if (!(name in flagNames)) {
      // Repeat only the start of what was typed: a refusal must not grow with the input.
      throw new FlagError("unknown", { name: clampText(name, maxEchoedFlagLength) });
    }
    const value = match[2] ?? tokens[++index];
    if (value === undefined || value === "" || value.startsWith("--")) {
      throw new FlagError("needsValue", { name });
    }
    const field = flagNames[name as FlagName];
    if (field === "count") {
      if (!/^\d+$/.test(value)) throw new FlagError("wholeNumber", { name });
      request.count = Number(value);
    } else {
      request[field] = value;
    }
  }
  request.prompt = words.join(" ");
  return request;
}
