import { redisScript } from "./redis-script.ts";

/**
 * Store.take in one step: checks every limit as firstBrokenLimit (claim-counters.ts) does, in the
 * same order, and only when all pass inserts the job (run by this instance), charges the claim and
 * holds one more job for the person in this instance. Redis runs a script whole, so no other process's take can
 * come between the check and the take.
 *
 * ARGV: prefix, instance id, lease ms, the claim (claimArgs, 11), the limits (limitArgs, 6),
 * "1" with a job or "0", the job's id, then its fields.
 * Answers `{"taken", previous job time or ""}`, `{limit, figure}` or `{"exists"}`.
 */
export const takeScript = redisScript(
  "imagineTake",
  `
local me, lease = ARGV[2], tonumber(ARGV[3])
local claim, i = read_claim(4)
local jobs_per_user, cooldown_ms = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
local images_per_user_day, images_per_workspace_day = tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
local user_budget, workspace_budget = tonumber(ARGV[i + 4]), tonumber(ARGV[i + 5])
local with_job, job_id = ARGV[i + 6] == "1", ARGV[i + 7]

local now = now_ms()
hold_lease(me, lease, now)

local held = jobs_held(claim.user, me, now)
if jobs_per_user > 0 and held >= jobs_per_user then return { "jobs", held } end
local last = redis.call("GET", key_last_job(claim.user))
if cooldown_ms > 0 and last and tonumber(last) + cooldown_ms > claim.at then
  return { "cooldown", last }
end
if images_per_user_day > 0 then
  local used = tonumber(redis.call("GET", key_images(claim.day, claim.user))) or 0
  if used + claim.images > images_per_user_day then return { "user_day", used } end
end
if has_workspace(claim) and images_per_workspace_day > 0 then
  local used = tonumber(redis.call("GET", key_images(claim.day, claim.workspace))) or 0
  if used + claim.images > images_per_workspace_day then return { "workspace_day", used } end
end
-- What is held for jobs still running counts as spent: two at once cannot both pass.
if user_budget > 0 then
  local spent = tonumber(redis.call("ZSCORE", key_ledger(claim.day), claim.user)) or 0
  if spent + claim.reserve > user_budget then return { "user_budget", spent } end
end
if has_workspace(claim) and workspace_budget > 0 then
  local month = string.sub(claim.day, 1, 7)
  local spent = tonumber(redis.call("ZSCORE", key_ledger(month), claim.workspace)) or 0
  if spent + claim.reserve > workspace_budget then return { "workspace_budget", spent } end
end

if with_job then
  local job_key = key_job(job_id)
  -- Before any write: a job id taken already takes nothing.
  if redis.call("EXISTS", job_key) == 1 then return { "exists" } end
  insert_job(job_key, job_id, me, i + 8)
  if last then redis.call("HSET", job_key, "claim.previousJobAt", last) end
end
charge(claim)
redis.call("HINCRBY", key_held(claim.user), me, 1)
redis.call("PEXPIRE", key_held(claim.user), int(KEEP_HELD_MS))
return { "taken", last or "" }
`,
);
