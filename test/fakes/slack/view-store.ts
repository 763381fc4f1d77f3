import type { FakeView, SlackIdentity } from "./types.ts";

/** Picks one open modal: by its `id`, or the newest with this `callback_id`. */
export type ViewSelector = { readonly viewId: string } | { readonly callbackId: string };

/** The modals the bot opened, as Slack keeps them between `views.open` and a submission. */
export interface ViewStore {
  /** Records `view` (the bot's, from `views.open`) as shown to `userId`; Slack adds `id`, `hash`, `state`. */
  open(view: Record<string, unknown>, userId: string): FakeView;
  findOpen(selector: ViewSelector): FakeView | undefined;
  /**
   * Applies the bot's ack of a submission the way Slack does: `response_action: "errors"` keeps
   * the modal open, `"update"` replaces it, `"push"` opens another over it; a bare ack or
   * `"clear"` closes it.
   */
  afterSubmission(viewId: string, ack: unknown): void;
  all(): FakeView[];
}

/** Creates an empty store; `newId` names views (`V…`), `newTs` stamps their `hash`. */
export function createViewStore(deps: {
  identity: SlackIdentity;
  newId: () => string;
  newTs: () => string;
}): ViewStore {
  const views: FakeView[] = [];

  const asShown = (view: Record<string, unknown>, id: string): Record<string, unknown> => ({
    type: "modal",
    blocks: [],
    private_metadata: "",
    callback_id: "",
    external_id: "",
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    ...view,
    id,
    team_id: deps.identity.teamId,
    state: { values: {} },
    // Slack's hash changes with every version of a view (views.update compares it).
    hash: `${deps.newTs()}.${id.toLowerCase()}`,
    previous_view_id: null,
    root_view_id: id,
    app_id: deps.identity.appId,
    app_installed_team_id: deps.identity.teamId,
    bot_id: deps.identity.botId,
  });

  const open = (view: Record<string, unknown>, userId: string): FakeView => {
    const id = deps.newId();
    const stored: FakeView = { id, userId, view: asShown(view, id), open: true };
    views.push(stored);
    return structuredClone(stored);
  };

  const find = (selector: ViewSelector): FakeView | undefined =>
    "viewId" in selector
      ? views.find((v) => v.open && v.id === selector.viewId)
      : views.findLast((v) => v.open && v.view["callback_id"] === selector.callbackId);

  return {
    open,
    findOpen: (selector) => {
      const found = find(selector);
      return found === undefined ? undefined : structuredClone(found);
    },
    afterSubmission(viewId, ack) {
      const stored = find({ viewId });
      if (stored === undefined) return;
      const { response_action: action, view } = (ack ?? {}) as { response_action?: unknown; view?: unknown };
      const next = typeof view === "object" && view !== null ? (view as Record<string, unknown>) : undefined;
      if (action === "errors") return;
      if (action === "update" && next !== undefined) {
        stored.view = asShown(next, stored.id);
      } else if (action === "push" && next !== undefined) {
        open(next, stored.userId);
      } else {
        stored.open = false;
      }
    },
    all: () => structuredClone(views),
  };
}
