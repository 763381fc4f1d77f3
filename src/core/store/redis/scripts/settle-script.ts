import { redisScript } from "./redis-script.ts";

/**
 * Store.settle, as the embedded engines do it: the reserve becomes the real cost in the ledger
 * and in the claim the job holds (marked settled); a job whose claim was given back already, or
 * that was pruned, holds nothing to settle. A claim taken without a job is settled by its reserve.
 * ARGV: prefix, cost in millionths of a dollar, the claim (claimArgs, 11), "1" with a job or "0",
 * the job's id.
 */
export const settleScript = redisScript(
  "imagineSettle",
  `
local cost = tonumber(ARGV[2])
local claim, i = read_claim(3)
if ARGV[i] ~= "1" then
  add_to_ledger(claim.user, claim.workspace, claim.day, cost - claim.reserve, 0)
  return 0
end
local job_key = key_job(ARGV[i + 1])
local held = claim_of_job(job_key)
if not held then return 0 end
add_to_ledger(claim.user, claim.workspace, claim.day, cost - held.reserve, 0)
redis.call("HSET", job_key, "claim.reserveMicroUsd", int(cost), "claim.settled", "1")
return 1
`,
);
