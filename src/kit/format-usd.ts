/** Dollars as people read them: at least cents, and the tenths (below a cent, the hundredths) of a cent that matter. */
export function formatUsd(usd: number): string {
  const digits = usd.toFixed(usd < 0.01 ? 4 : 3).replace(/0+$/, "");
  const [whole = "0", fraction = ""] = digits.split(".");
  return `$${whole}.${fraction.padEnd(2, "0")}`;
}
