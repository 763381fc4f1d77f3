/** What CometAPI's balance query service says of the account, in US dollars. */
export interface CometApiBalance {
  /** The account's balance (`total_quota`). */
  readonly accountUsd: number;
  /** Each key of the account (`keys[]`): what it may still spend, undefined when unlimited (-1). */
  readonly keys: readonly { readonly name: string; readonly remainingUsd?: number }[];
  /** When it was read (the bot's clock). */
  readonly readAt: number;
}

/** The latest balance read, if any has been; read by the operators' usage view and `/metrics`. */
export interface BalanceSource {
  latest(): CometApiBalance | undefined;
}
