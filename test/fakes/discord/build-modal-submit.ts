import type { BuiltInteraction, InteractionPayload } from "./build-interaction.ts";
import type { ComponentContext } from "./build-component-interaction.ts";
import type { FakeModal } from "./fake-modal.ts";
import type { InteractionRecord } from "./interaction-registry.ts";
import type { ModalSubmitInput } from "./interaction-input.ts";
import { isRecord } from "./is-record.ts";
import { toApiMessage } from "./render-message.ts";
import { walkComponents } from "./walk-components.ts";

/** Component types a submission echoes. */
const type = { actionRow: 1, textInput: 4, textDisplay: 10, label: 18 };

/**
 * Turns a modal as a test fills it in into the MODAL_SUBMIT interaction Discord sends: where the
 * modal was shown, by the user it was shown to, its text inputs laid out as the bot laid them out
 * (action rows, or Labels), and the message of the button that opened it. Submitting what no user
 * could (a modal never shown, an unknown field, an empty required field, too long or too short a
 * value) is a mistake of the test, and throws.
 */
export function createModalSubmitBuilder(
  context: ComponentContext,
): (input: ModalSubmitInput) => BuiltInteraction {
  const { state, frame } = context;
  return (input) => {
    const { source, modal } = findShownModal(state.interactions.newestFirst(), input);
    const values = fillIn(modal, input.fields ?? {});
    const channel = state.channels.get(source.channelId);
    if (channel === undefined) throw new Error(`fake Discord: no channel ${source.channelId}`);
    const { envelope, record } = frame(
      { ...input, userId: source.user.id, username: input.username ?? source.user.username },
      5,
      { channel, guildId: source.guildId },
    );
    const message = source.messageId === undefined ? undefined : state.messages.get(source.messageId);
    if (message !== undefined) record.messageId = message.id;
    const payload = {
      ...envelope,
      data: { custom_id: modal.customId, components: submittedComponents(modal.components, values) },
      ...(message === undefined ? {} : { message: toApiMessage(message, state.botUser, state.origin) }),
    } as InteractionPayload;
    return { payload, record, channel };
  };
}

/** The newest interaction that showed this modal to this user (or to anyone, when no user is named). */
function findShownModal(
  interactions: InteractionRecord[],
  input: ModalSubmitInput,
): { source: InteractionRecord; modal: FakeModal } {
  const shown = interactions.flatMap((source) =>
    source.modal?.customId === input.customId ? [{ source, modal: source.modal }] : [],
  );
  const found = shown.find(({ source }) => input.userId === undefined || source.user.id === input.userId);
  if (found !== undefined) return found;
  if (shown.length === 0) throw new Error(`fake Discord: no modal "${input.customId}" was shown`);
  const users = shown.map(({ source }) => source.user.id).join(", ");
  throw new Error(`fake Discord: modal "${input.customId}" was shown to ${users}, not to ${input.userId}`);
}

/** The value of every text input once the user is done: typed, else prefilled, else empty. */
function fillIn(modal: FakeModal, fields: Record<string, string>): Map<string, string> {
  const named = `fake Discord: modal "${modal.customId}"`;
  for (const id of Object.keys(fields)) {
    if (!modal.inputs.some((input) => input.customId === id)) {
      const known = modal.inputs.map((input) => input.customId).join(", ");
      throw new Error(`${named} has no text input "${id}"; its inputs: ${known}`);
    }
  }
  const values = new Map<string, string>();
  for (const input of modal.inputs) {
    const value = fields[input.customId] ?? input.value ?? "";
    const length = [...value].length;
    if (input.required && length === 0) throw new Error(`${named}: "${input.customId}" is required`);
    if (length > 0 && length < (input.minLength ?? 0))
      throw new Error(`${named}: "${input.customId}" needs at least ${input.minLength} characters`);
    if (length > (input.maxLength ?? 4000))
      throw new Error(`${named}: "${input.customId}" takes at most ${input.maxLength ?? 4000} characters`);
    values.set(input.customId, value);
  }
  return values;
}

/**
 * The `components` of a submission: each action row with its text input, each Label with its
 * text input, each text display by id; every component numbered as Discord numbers them when
 * the bot gave no `id` (depth first, from 1).
 */
function submittedComponents(shown: unknown[], values: Map<string, string>): unknown[] {
  const ids = new Map<unknown, number>();
  let next = 0;
  for (const { component } of walkComponents(shown)) {
    next += 1;
    ids.set(component, typeof component.id === "number" ? component.id : next);
  }
  const textInput = (input: Record<string, unknown>) => ({
    type: type.textInput,
    id: ids.get(input),
    custom_id: input.custom_id,
    value: values.get(String(input.custom_id)) ?? "",
  });
  return shown.flatMap((top) => {
    if (!isRecord(top)) return [];
    if (top.type === type.actionRow && Array.isArray(top.components)) {
      const inputs = top.components.flatMap((c) =>
        isRecord(c) && c.type === type.textInput ? [textInput(c)] : [],
      );
      return [{ type: type.actionRow, id: ids.get(top), components: inputs }];
    }
    if (top.type === type.label && isRecord(top.component) && top.component.type === type.textInput)
      return [{ type: type.label, id: ids.get(top), component: textInput(top.component) }];
    if (top.type === type.textDisplay) return [{ type: type.textDisplay, id: ids.get(top) }];
    return [];
  });
}
