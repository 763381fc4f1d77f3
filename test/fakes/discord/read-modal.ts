import { discordErrors } from "./discord-errors.ts";
import type { FakeModal, FakeTextInput } from "./fake-modal.ts";
import { isRecord } from "./is-record.ts";
import type { Outcome } from "./rest-types.ts";

/** Component types a modal is built of. */
const type = { actionRow: 1, textInput: 4, label: 18 };
const limits = { customId: 100, title: 45, components: 5 };

/**
 * Reads and checks the `data` of a type 9 callback as Discord does: a `custom_id` of 1–100
 * characters, a title of 1–45, one to five top-level components, and text inputs (in action rows
 * or in Labels) with a `custom_id` each, a style of 1 or 2, and no `custom_id` twice.
 */
export function readModal(data: unknown): Outcome<FakeModal> {
  if (!isRecord(data)) return invalid(["data"], "BASE_TYPE_REQUIRED", "This field is required");
  const { custom_id: customId, title, components } = data;
  if (typeof customId !== "string" || customId.length < 1 || customId.length > limits.customId)
    return invalid(["data", "custom_id"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
  if (typeof title !== "string" || [...title].length < 1 || [...title].length > limits.title)
    return invalid(["data", "title"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length.");
  if (!Array.isArray(components) || components.length < 1 || components.length > limits.components)
    return invalid(["data", "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
  const inputs: FakeTextInput[] = [];
  for (const [i, top] of components.entries()) {
    for (const { input, path, label, layout } of textInputsOf(top, ["data", "components", i])) {
      if (typeof input.custom_id !== "string" || input.custom_id.length < 1 || input.custom_id.length > 100)
        return invalid(
          [...path, "custom_id"],
          "BASE_TYPE_BAD_LENGTH",
          "Must be between 1 and 100 in length.",
        );
      if (input.style !== 1 && input.style !== 2)
        return invalid([...path, "style"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.");
      if (inputs.some((seen) => seen.customId === input.custom_id)) {
        return invalid(
          [...path, "custom_id"],
          "COMPONENT_CUSTOM_ID_DUPLICATED",
          "Component custom id was already specified",
        );
      }
      inputs.push({
        customId: input.custom_id,
        label,
        style: input.style,
        value: typeof input.value === "string" ? input.value : undefined,
        required: input.required !== false,
        minLength: typeof input.min_length === "number" ? input.min_length : undefined,
        maxLength: typeof input.max_length === "number" ? input.max_length : undefined,
        layout,
      });
    }
  }
  return { ok: true, value: { customId, title, components: structuredClone(components), inputs } };
}

interface PlacedInput {
  input: Record<string, unknown>;
  path: (string | number)[];
  label: string | undefined;
  layout: FakeTextInput["layout"];
}

/** The text inputs of one top-level modal component: an action row's, or a Label's one. */
function textInputsOf(top: unknown, path: (string | number)[]): PlacedInput[] {
  if (!isRecord(top)) return [];
  if (top.type === type.actionRow && Array.isArray(top.components)) {
    return top.components.flatMap((input, i) =>
      isRecord(input) && input.type === type.textInput
        ? [
            {
              input,
              path: [...path, "components", i],
              label: typeof input.label === "string" ? input.label : undefined,
              layout: "row" as const,
            },
          ]
        : [],
    );
  }
  if (top.type === type.label && isRecord(top.component) && top.component.type === type.textInput) {
    return [
      {
        input: top.component,
        path: [...path, "component"],
        label: typeof top.label === "string" ? top.label : undefined,
        layout: "label",
      },
    ];
  }
  return [];
}

function invalid(path: (string | number)[], code: string, message: string): Outcome<never> {
  return { ok: false, reply: discordErrors.invalidFormBodyAt(path, code, message) };
}
