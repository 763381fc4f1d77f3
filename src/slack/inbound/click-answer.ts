import type { Logger } from "pino";
import type { Messages } from "../../core/i18n/messages.ts";
import type { TellPrivately } from "../deliver/tell-privately.ts";

/** How a click is answered: privately, in the clicker's language, and logged for that click. */
export interface ClickAnswer {
  readonly tell: TellPrivately;
  readonly messages: Messages;
  readonly log: Logger;
}
