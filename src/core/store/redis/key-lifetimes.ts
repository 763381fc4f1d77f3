const day = 86_400_000;

/** How long a day's image count outlives its last change: a refund may come the next day. */
export const keepImagesMs = 4 * day;
/** How long a person's last job time is kept (longer when their cooldown is longer). */
export const keepLastJobMs = 3 * day;
/** How long a day's ledger is kept: the usage report reads today's. */
export const keepDayLedgerMs = 8 * day;
/** How long a month's ledger is kept: a year and a month, for the usage report and the budgets. */
export const keepMonthLedgerMs = 400 * day;
/** How long a person's count of jobs held outlives its last claim: no job runs for a day. */
export const keepHeldMs = day;
