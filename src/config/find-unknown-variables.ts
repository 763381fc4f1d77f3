import { closestMatch } from "leven";
import { configVariables } from "./config.ts";

/**
 * Prefixes of the bot's own variables. Only names with one of them are checked: the rest of the
 * environment (PATH, HOME, NODE_OPTIONS…) belongs to others. PORT and DATA_DIR stand alone and
 * too many other programs use names like them.
 */
export const variablePrefixes: readonly string[] = ["IMAGINE_", "COMETAPI_", "DISCORD_", "SLACK_", "LOG_"];

/** A variable that looks like one of the bot's but is not, and so changes nothing. */
export interface UnknownVariable {
  readonly name: string;
  /** The known variable nearest by edit distance: most likely what was meant. */
  readonly closest: string;
  /** One line for the operator; names the variables only, never a value (it may be a token). */
  readonly message: string;
}

/**
 * The variables in `env` that carry one of the bot's prefixes (in any case) but that the
 * configuration does not know, each with the known name closest to it, sorted by name.
 */
export function findUnknownVariables(
  env: Readonly<Record<string, string | undefined>>,
  known: readonly string[] = configVariables,
): UnknownVariable[] {
  const knownNames = new Set(known);
  return Object.keys(env)
    .filter((name) => !knownNames.has(name))
    .filter((name) => variablePrefixes.some((prefix) => name.toUpperCase().startsWith(prefix)))
    .sort()
    .map((name) => {
      // Compared in upper case so that `imagine_cooldown_seconds` points at its proper spelling.
      const closest = closestMatch(name.toUpperCase(), known) ?? "";
      return {
        name,
        closest,
        message: `${name} is not a variable imagine-bot knows, so it changes nothing: did you mean ${closest}?`,
      };
    });
}
