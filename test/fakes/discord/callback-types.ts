import type { InteractionRecord } from "./interaction-registry.ts";

/** Interaction callback types (Discord's InteractionResponseType). */
export const callback = {
  channelMessage: 4,
  deferredChannelMessage: 5,
  deferredUpdate: 6,
  updateMessage: 7,
  autocompleteResult: 8,
  modal: 9,
};

/**
 * The callback types Discord accepts for an interaction: an update (6, 7) only where there is a
 * message to update (a button's, or that of the button that opened a modal), no modal in answer
 * to a modal, and only choices for an autocomplete.
 */
export function allowedCallbacks(interaction: InteractionRecord): number[] {
  const reply = [callback.channelMessage, callback.deferredChannelMessage];
  const update = [callback.deferredUpdate, callback.updateMessage];
  switch (interaction.type) {
    case 2:
      return [...reply, callback.modal];
    case 3:
      return [...reply, ...update, callback.modal];
    case 4:
      return [callback.autocompleteResult];
    case 5:
      return interaction.messageId === undefined ? reply : [...reply, ...update];
  }
}
