import { discordErrors } from "./discord-errors.ts";
import type { RouteReply } from "./rest-types.ts";
import { walkComponents } from "./walk-components.ts";

/** Discord's limits on message components (the action-row layout). */
const limits = { rows: 5, perRow: 5, customId: 100, label: 80 };
const linkStyle = 5;
const premiumStyle = 6;

/**
 * Why Discord would refuse these message components, or `undefined` when it would take them:
 * at most five action rows of one to five children (unless the message uses components v2),
 * buttons of a known style with a `custom_id` of 1–100 characters (a `url` for links), labels of
 * at most 80 characters, and no `custom_id` twice in one message.
 */
export function checkComponents(
  components: readonly unknown[],
  componentsV2: boolean,
): RouteReply | undefined {
  if (!componentsV2 && components.length > limits.rows) {
    return discordErrors.invalidFormBodyAt(
      ["components"],
      "BASE_TYPE_MAX_LENGTH",
      `Must be ${limits.rows} or fewer in length.`,
    );
  }
  const seen = new Set<string>();
  for (const { component, path } of walkComponents(components)) {
    const fail = (field: string, code: string, message: string) =>
      discordErrors.invalidFormBodyAt([...path, field], code, message);
    if (component.type === 1) {
      const count = Array.isArray(component.components) ? component.components.length : 0;
      if (count < 1 || count > limits.perRow)
        return fail(
          "components",
          "BASE_TYPE_BAD_LENGTH",
          `Must be between 1 and ${limits.perRow} in length.`,
        );
    }
    if (component.type === 2) {
      const style = component.style;
      if (typeof style !== "number" || style < 1 || style > premiumStyle)
        return fail("style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.");
      if (style === linkStyle && typeof component.url !== "string")
        return fail("url", "BASE_TYPE_REQUIRED", "This field is required");
      if (style < linkStyle && component.custom_id === undefined)
        return fail("custom_id", "BASE_TYPE_REQUIRED", "This field is required");
      if (typeof component.label === "string" && [...component.label].length > limits.label)
        return fail("label", "BASE_TYPE_MAX_LENGTH", `Must be ${limits.label} or fewer in length.`);
    }
    if (component.custom_id === undefined) continue;
    const customId = component.custom_id;
    if (typeof customId !== "string" || customId.length < 1 || customId.length > limits.customId)
      return fail("custom_id", "BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${limits.customId} in length.`);
    if (seen.has(customId))
      return fail("custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id was already specified");
    seen.add(customId);
  }
  return undefined;
}
