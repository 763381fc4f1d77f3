import type { FakeButton } from "./fake-message.ts";
import { walkComponents } from "./walk-components.ts";

/** Component type of a button. */
const buttonType = 2;

/** The buttons of a message, in the order the user sees them. */
export function listButtons(components: readonly unknown[]): FakeButton[] {
  return walkComponents(components)
    .map(({ component }) => component)
    .filter((component) => component.type === buttonType)
    .map((button): FakeButton => ({
      style: typeof button.style === "number" ? button.style : 0,
      customId: typeof button.custom_id === "string" ? button.custom_id : undefined,
      label: typeof button.label === "string" ? button.label : undefined,
      emoji: button.emoji,
      url: typeof button.url === "string" ? button.url : undefined,
      disabled: button.disabled === true,
    }));
}
