import { redisScript } from "./redis-script.ts";

/**
 * Store.refund, as the embedded engines do it: gives back the claim as it was taken, then clears
 * the claim its job holds, so a restart does not give it back a second time.
 * ARGV: prefix, the claim (claimArgs, 11), "1" with a job or "0", the job's id.
 */
export const refundScript = redisScript(
  "imagineRefund",
  `
local claim, i = read_claim(2)
give_back(claim)
if ARGV[i] == "1" then
  local job_key = key_job(ARGV[i + 1])
  if redis.call("HEXISTS", job_key, "claim.userKey") == 1 then drop_claim(job_key) end
end
return 0
`,
);
