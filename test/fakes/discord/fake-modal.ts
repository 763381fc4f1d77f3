/** A text input of a modal, as the user sees it. */
export interface FakeTextInput {
  customId: string;
  /** The input's label: its own (in an action row) or its Label component's. */
  label: string | undefined;
  /** 1 short, 2 paragraph. */
  style: number;
  /** The prefilled text; `undefined` when none. */
  value: string | undefined;
  /** Discord's default is true. */
  required: boolean;
  minLength: number | undefined;
  maxLength: number | undefined;
  /** Whether it sits in an action row (type 1, the older layout) or a Label (type 18). */
  layout: "row" | "label";
}

/** A modal the bot showed (callback type 9). */
export interface FakeModal {
  customId: string;
  title: string;
  /** The `components` as sent, for assertions on the exact layout. */
  components: unknown[];
  /** Its text inputs, in order. */
  inputs: FakeTextInput[];
}
