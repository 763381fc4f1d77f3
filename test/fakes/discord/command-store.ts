import type { APIApplicationCommand } from "discord.js";
import { isRecord } from "./is-record.ts";

/** Commands registered by bulk overwrite, globally or per guild. */
export interface CommandStore {
  /** Replaces the commands of a scope and answers them as Discord does (ids kept by name). */
  overwrite(guildId: string | undefined, body: unknown): APIApplicationCommand[] | undefined;
  list(guildId: string | undefined): APIApplicationCommand[];
  /** The id of a command by name: guild scope first, then global. */
  idFor(name: string, guildId: string | null): string | undefined;
}

/** Creates an empty store for `applicationId`. */
export function createCommandStore(applicationId: string, newId: () => string): CommandStore {
  const scopes = new Map<string, APIApplicationCommand[]>();
  const key = (guildId: string | undefined) => guildId ?? "global";
  return {
    overwrite(guildId, body) {
      if (!Array.isArray(body) || !body.every(isRecord)) return undefined;
      const before = scopes.get(key(guildId)) ?? [];
      const commands = body.map((command) => {
        const name = String(command.name);
        const id = before.find((old) => old.name === name)?.id ?? newId();
        return {
          ...command,
          id,
          application_id: applicationId,
          ...(guildId === undefined ? {} : { guild_id: guildId }),
          name,
          description: typeof command.description === "string" ? command.description : "",
          type: typeof command.type === "number" ? command.type : 1,
          default_member_permissions: command.default_member_permissions ?? null,
          version: newId(),
        } as APIApplicationCommand;
      });
      scopes.set(key(guildId), commands);
      return commands;
    },
    list: (guildId) => scopes.get(key(guildId)) ?? [],
    idFor(name, guildId) {
      const inGuild = guildId === null ? undefined : scopes.get(guildId)?.find((c) => c.name === name);
      return (inGuild ?? scopes.get("global")?.find((c) => c.name === name))?.id;
    },
  };
}
