/** The limits one claim must stay within; 0 means no limit. */
export interface ClaimLimits {
  /** Jobs one person may hold at once, waiting or running. */
  readonly jobsPerUser: number;
  /** Least time between two of one person's jobs. */
  readonly cooldownMs: number;
  /** Images one person may make per UTC day. */
  readonly imagesPerUserDay: number;
  /** Images one guild or workspace may make per UTC day. */
  readonly imagesPerWorkspaceDay: number;
  /** Millionths of a dollar one person may spend per UTC day. */
  readonly microUsdPerUserDay?: number;
  /** Millionths of a dollar one guild or workspace may spend per UTC month. */
  readonly microUsdPerWorkspaceMonth?: number;
}

/** What one job takes from the counters when it is let through, and the limits it must respect. */
export interface Claim {
  /** The person: their jobs held, their cooldown, their daily images. */
  readonly userKey: string;
  /** Their guild or workspace, whose daily images count too; absent in a direct message. */
  readonly workspaceKey?: string;
  /** The UTC day the images count on ("2026-11-25"). */
  readonly day: string;
  /** When the job was asked for: its cooldown starts here. */
  readonly at: number;
  readonly images: number;
  /** What the job is expected to cost, in millionths of a dollar, held until its real cost is known. */
  readonly reserveMicroUsd?: number;
  readonly limits: ClaimLimits;
}

/** The first limit a claim would break, with what a refusal needs to say about it. */
export type ClaimRefusal =
  | { readonly limit: "jobs"; readonly held: number }
  | { readonly limit: "cooldown"; readonly lastJobAt: number }
  | { readonly limit: "user_day" | "workspace_day"; readonly used: number }
  /** Millionths of a dollar spent in the budget's period so far. */
  | { readonly limit: "user_budget" | "workspace_budget"; readonly spentMicroUsd: number };

/** A claim the store took; handed back to free its job's place or to give its charge back. */
export interface TakenClaim {
  readonly claim: Claim;
  /** The person's last job before this one, so a refund can put their cooldown back. */
  readonly previousJobAt: number | undefined;
  /** The job row taken with the claim: a refund clears the claim it holds, so it is given back once. */
  readonly jobId?: string;
}

export type TakeResult = { readonly taken: TakenClaim } | { readonly refused: ClaimRefusal };
