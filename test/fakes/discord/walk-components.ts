import { isRecord } from "./is-record.ts";

/** A component found in a message's or modal's tree, with where it sits (for error paths). */
export interface FoundComponent {
  component: Record<string, unknown>;
  /** e.g. `["components", 0, "components", 1]`. */
  path: (string | number)[];
}

/**
 * Every component under `components`, depth first: action rows and their children, and the
 * nested `components`, `component` (a Label's) and `accessory` (a Section's) of the newer layouts.
 */
export function walkComponents(components: readonly unknown[]): FoundComponent[] {
  const found: FoundComponent[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (!isRecord(value)) return;
    found.push({ component: value, path });
    if (Array.isArray(value.components)) {
      value.components.forEach((child, i) => visit(child, [...path, "components", i]));
    }
    visit(value.component, [...path, "component"]);
    visit(value.accessory, [...path, "accessory"]);
  };
  components.forEach((component, i) => visit(component, ["components", i]));
  return found;
}
