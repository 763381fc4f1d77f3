/**
 * The operator's blocked terms: words and phrases, matched as whole words, and regular expressions
 * written between slashes (`/pattern/flags`), matched anywhere. Both are matched case-insensitively
 * on the prompt as {@link normalizeForMatching} leaves it, so look-alike and hidden characters do
 * not slip a term past.
 */
export interface BlockedTerms {
  /** The first term (as the operator wrote it) the prompt contains, or undefined. */
  match(prompt: string): string | undefined;
  /** How many terms there are. */
  readonly size: number;
}

/** A blocked term that cannot be used, with why; the configuration words it for the operator. */
export class InvalidBlockedTerm extends Error {
  constructor(
    readonly term: string,
    reason: string,
  ) {
    super(`${JSON.stringify(term)} is not a usable blocked term: ${reason}`);
    this.name = "InvalidBlockedTerm";
  }
}

/** Invisible formatting characters (zero-width spaces and joiners, soft hyphens, BOMs): `Cf`. */
const hidden = /\p{Cf}/gu;

/**
 * The text as terms are matched against it: Unicode compatibility forms folded together (NFKC:
 * full-width and styled letters become plain ones), invisible characters removed, lower case,
 * runs of white space made one space.
 */
export function normalizeForMatching(text: string): string {
  return text.normalize("NFKC").replace(hidden, "").toLowerCase().replace(/\s+/gu, " ").trim();
}

// Only the characters that mean something outside a class: with the `u` flag, escaping any other
// (`\-`, say) is a syntax error.
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Letters, digits and `_` on either side would make the match part of a longer word. */
const wordEdge = "[\\p{L}\\p{N}_]";

/** A term as the pattern that finds it. */
function toPattern(term: string): RegExp {
  const written = /^\/(.+)\/([a-z]*)$/s.exec(term);
  if (written) {
    const [, source = "", flags = ""] = written;
    const unknown = flags.replace(/[imsu]/g, "");
    if (unknown) throw new InvalidBlockedTerm(term, `flag ${unknown} is not one of i, m, s, u`);
    try {
      return new RegExp(source, `${flags.replace(/[iu]/g, "")}iu`);
    } catch (error) {
      throw new InvalidBlockedTerm(term, (error as Error).message);
    }
  }
  const words = normalizeForMatching(term);
  if (words === "")
    throw new InvalidBlockedTerm(term, "it is empty once spaces and hidden characters are removed");
  try {
    return new RegExp(`(?<!${wordEdge})${escapeRegExp(words).replace(/ /g, "\\s+")}(?!${wordEdge})`, "iu");
  } catch (error) {
    throw new InvalidBlockedTerm(term, (error as Error).message);
  }
}

/**
 * Compiles the terms once.
 * @throws InvalidBlockedTerm for the first term that is empty or not a valid expression.
 */
export function createBlockedTerms(terms: readonly string[]): BlockedTerms {
  const patterns = terms.map((term) => ({ term, pattern: toPattern(term) }));
  return {
    match(prompt) {
      if (patterns.length === 0) return undefined;
      const text = normalizeForMatching(prompt);
      return patterns.find(({ pattern }) => pattern.test(text))?.term;
    },
    size: patterns.length,
  };
}
