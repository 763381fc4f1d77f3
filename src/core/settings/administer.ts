import type { Actor, Platform } from "../policy/actor.ts";
import type { Policy } from "../policy/policy.ts";
import type { MessageKey, MessageValues } from "../i18n/messages.ts";
import type { SettingsStore } from "./settings-store.ts";
import type { PlaceSettings } from "./resolve-place.ts";
import { checkSetting, isSettingProblem, settableForChannel, type SettingKey } from "./setting-keys.ts";

/** What an admin asks of `/imagine-admin` (Slack: `/imagine admin …`), in neutral words. */
export type AdminCommand =
  | { readonly kind: "show"; readonly channelId?: string }
  | { readonly kind: "channel"; readonly action: "allow" | "deny" | "reset"; readonly channelId: string }
  | { readonly kind: "group"; readonly action: "allow" | "deny" | "reset"; readonly groupId: string }
  | { readonly kind: "user"; readonly action: "block" | "unblock"; readonly userId: string }
  | { readonly kind: "set"; readonly key: SettingKey; readonly value: string; readonly channelId?: string }
  | { readonly kind: "unset"; readonly key: SettingKey; readonly channelId?: string };

/** What a change was about: a value, or one entry of an access list. */
export type AdminTarget =
  | { readonly kind: "setting"; readonly key: SettingKey }
  | { readonly kind: "channel" | "group" | "user"; readonly id: string };

/** One change as it was made: from what to what (absent: not set), and for which channel, if one. */
export interface AdminChange {
  readonly target: AdminTarget;
  readonly channelId?: string;
  readonly from?: string;
  readonly to?: string;
}

/** What an admin sees after a command: what is now in force (for a channel, when one was named). */
export interface AdminAnswer {
  readonly place: PlaceSettings;
  readonly channelId?: string;
  /** Absent for `show`. */
  readonly change?: AdminChange;
}

/** A command not carried out, with the sentence saying why; nothing was changed. */
export interface AdminRefusal {
  readonly refused: { readonly key: MessageKey; readonly values?: MessageValues };
}

/** A change of settings, for the mod-log of the guild or workspace it was made in. */
export interface SettingChangeEntry {
  readonly platform: Platform;
  readonly modlogChannelId: string;
  readonly workspaceId: string;
  /** Who made it. */
  readonly userId: string;
  readonly change: AdminChange;
}

/** Takes an entry to post; never throws and is never awaited. */
export type SettingsLog = (entry: SettingChangeEntry) => void;

export interface AdministrationOptions {
  readonly policy: Policy;
  readonly store: SettingsStore;
  readonly now: () => number;
  readonly settingsLog?: SettingsLog;
}

export type Administer = (actor: Actor, command: AdminCommand) => Promise<AdminAnswer | AdminRefusal>;

const refusal = (key: MessageKey, values?: MessageValues): AdminRefusal => ({
  refused: { key, ...(values && { values }) },
});

/** The access list a target belongs to, as `lockedSettings:` names it. */
function listOf(target: AdminTarget, platform: Platform): string {
  switch (target.kind) {
    case "setting":
      return target.key;
    case "channel":
      return "channels";
    case "group":
      return platform === "discord" ? "roles" : "usergroups";
    case "user":
      return "users";
  }
}

const shown = (value: unknown) => (value === undefined ? undefined : String(value));

/**
 * Admin commands: each checks that the person administers where they are (or is an operator),
 * that the operator has not locked what they change, and that the value is one the bot can use,
 * then writes it to the store, where it applies to the next request on every process, and reports
 * it to the place's mod-log. A refusal changes nothing.
 */
export function createAdministration(options: AdministrationOptions): Administer {
  const { policy, store, now } = options;

  /**
   * Posts a change to the mod-log in force after it, and to the one before it when that differs:
   * people watching a mod-log that an admin moves away hear where it went.
   */
  function report(actor: Actor & { workspaceId: string }, change: AdminChange, places: PlaceSettings[]) {
    const { settingsLog } = options;
    if (!settingsLog) return;
    const channels = new Set(
      places.map((place) => place.values.modlog_channel.value).filter((id) => typeof id === "string"),
    );
    for (const modlogChannelId of channels) {
      settingsLog({
        platform: actor.platform,
        modlogChannelId,
        workspaceId: actor.workspaceId,
        userId: actor.userId,
        change,
      });
    }
  }

  /** Writes one stored key of a place (or a channel of it), and answers with what is now in force. */
  async function write(
    actor: Actor & { workspaceId: string },
    target: AdminTarget,
    key: string,
    value: string | undefined,
    channelId?: string,
  ): Promise<AdminAnswer> {
    const scopeChannel = channelId ?? null;
    const before = await policy.placeOf(actor, scopeChannel);
    const scope = `${actor.platform}:${actor.workspaceId}` + (channelId ? `:${channelId}` : "");
    const previous = await store.changeSetting({
      scope,
      key,
      value,
      changedBy: `${actor.platform}:${actor.userId}`,
      changedAt: now(),
    });
    const place = await policy.placeOf(actor, scopeChannel);
    const from = target.kind === "setting" ? shown(before.values[target.key].value) : previous;
    const to = target.kind === "setting" ? shown(place.values[target.key].value) : value;
    const change: AdminChange = {
      target,
      ...(channelId && { channelId }),
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
    };
    // A value written that equals the one in force (pinning the operator's value, or dropping a
    // chat value equal to it) is no change for the admin's answer, so none for the mod-log either.
    if (previous !== value && from !== to) report(actor, change, [place, before]);
    return { place, ...(channelId && { channelId }), change };
  }

  return async function administer(actor, command) {
    const { workspaceId } = actor;
    if (!workspaceId || actor.isDirectMessage) return refusal("admin:problems.notHere");
    if (!(await policy.isAdmin(actor))) return refusal(`admin:problems.notAdmin.${actor.platform}`);
    const here = { ...actor, workspaceId };
    const locked = policy.baseRules(actor.platform).locked;
    const lockedRefusal = (target: AdminTarget) => {
      const list = listOf(target, actor.platform);
      return locked.has(list) ? refusal("admin:problems.locked", { key: list }) : undefined;
    };

    switch (command.kind) {
      case "show": {
        const place = await policy.placeOf(actor, command.channelId ?? null);
        return { place, ...(command.channelId && { channelId: command.channelId }) };
      }
      case "channel":
      case "group": {
        const id = command.kind === "channel" ? command.channelId : command.groupId;
        const target: AdminTarget = { kind: command.kind, id };
        const value = command.action === "reset" ? undefined : command.action;
        return lockedRefusal(target) ?? write(here, target, `${command.kind}:${id}`, value);
      }
      case "user": {
        const target: AdminTarget = { kind: "user", id: command.userId };
        const value = command.action === "block" ? "block" : undefined;
        return lockedRefusal(target) ?? write(here, target, `user:${command.userId}`, value);
      }
      case "set":
      case "unset": {
        const target: AdminTarget = { kind: "setting", key: command.key };
        const problem = lockedRefusal(target);
        if (problem) return problem;
        if (command.channelId && !settableForChannel(command.key)) {
          return refusal(`admin:problems.notForChannel.${actor.platform}`, { key: command.key });
        }
        if (command.kind === "unset") return write(here, target, command.key, undefined, command.channelId);
        const place = await policy.placeOf(actor, command.channelId ?? null);
        const model = place.values.default_model.value;
        const checked = checkSetting(command.key, command.value, {
          platform: actor.platform,
          models: policy.baseRules(actor.platform).images.models,
          model: typeof model === "string" ? model : "",
        });
        if (isSettingProblem(checked)) return { refused: checked.reason };
        return write(here, target, command.key, String(checked), command.channelId);
      }
    }
  };
}
