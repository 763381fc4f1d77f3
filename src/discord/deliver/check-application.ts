import { Routes, type REST } from "discord.js";
import { StartupError } from "../../core/errors/startup-error.ts";
import { readNetworkFailure } from "../../kit/read-network-failure.ts";

/** What HTTP mode reads of the application at start. */
export interface CheckedApplication {
  readonly id: string;
  readonly name: string;
}

/**
 * HTTP mode's start, in the place of the gateway's login: `GET /applications/@me` with the bot
 * token proves the token, and its `verify_key` must be DISCORD_PUBLIC_KEY, or no interaction
 * would ever pass the signature check. Throws a `StartupError` naming what to fix.
 */
export async function checkApplication(
  rest: REST,
  publicKey: string,
  apiBaseUrl: string,
): Promise<CheckedApplication> {
  let application: { id?: unknown; name?: unknown; verify_key?: unknown };
  try {
    application = (await rest.get(Routes.currentApplication())) as typeof application;
  } catch (error) {
    const network = readNetworkFailure(error);
    throw new StartupError(
      network
        ? `could not reach Discord at DISCORD_API_BASE_URL=${apiBaseUrl} (${network}): the network failed, not the token; check the network or DISCORD_API_BASE_URL`
        : `Discord refused the bot token (${(error as Error).message}); check DISCORD_TOKEN`,
      { cause: error },
    );
  }
  const id = String(application.id);
  if (typeof application.verify_key !== "string" || application.verify_key.toLowerCase() !== publicKey) {
    throw new StartupError(
      `DISCORD_PUBLIC_KEY is not the public key of application ${id}, whose token DISCORD_TOKEN is: ` +
        "copy Public Key from the application's General Information page",
    );
  }
  return { id, name: typeof application.name === "string" ? application.name : "" };
}
