/**
 * Claims in Lua, as claim-counters.ts charges and gives them back. A claim is a table:
 * user, workspace (nil in a direct message), day, at, images, cooldown, previous (nil when the
 * person had no job before), reserve (0 when none) and settled. It arrives in ARGV as claimArgs
 * (claim-args.ts) writes it, or is read from a job's `claim.*` fields (job-fields.ts).
 */
export const luaClaims = `
local function read_claim(i)
  local claim = {
    user = ARGV[i],
    workspace = (ARGV[i + 1] == "1") and ARGV[i + 2] or nil,
    day = ARGV[i + 3],
    at = tonumber(ARGV[i + 4]),
    images = tonumber(ARGV[i + 5]),
    cooldown = tonumber(ARGV[i + 6]),
    previous = (ARGV[i + 7] == "1") and tonumber(ARGV[i + 8]) or nil,
    reserve = tonumber(ARGV[i + 9]),
    settled = ARGV[i + 10] == "1",
  }
  return claim, i + 11
end

local CLAIM_FIELDS = {
  "claim.userKey", "claim.workspaceKey", "claim.day", "claim.at", "claim.images", "claim.cooldownMs",
  "claim.previousJobAt", "claim.reserveMicroUsd", "claim.settled",
}

local function claim_of_job(job_key)
  local f = redis.call("HMGET", job_key, unpack(CLAIM_FIELDS))
  if not f[1] then return nil end
  return {
    user = f[1],
    workspace = f[2] or nil,
    day = f[3],
    at = tonumber(f[4]),
    images = tonumber(f[5]),
    cooldown = tonumber(f[6]) or 0,
    previous = tonumber(f[7]),
    reserve = tonumber(f[8]) or 0,
    settled = f[9] == "1",
  }
end

local function drop_claim(job_key)
  redis.call("HDEL", job_key, unpack(CLAIM_FIELDS))
end

local function has_workspace(claim)
  return claim.workspace ~= nil and claim.workspace ~= ""
end

-- chargeClaim: starts the cooldown, counts the images, holds the reserve.
local function charge(claim)
  set_last_job(claim.user, claim.at, claim.cooldown)
  add_images(claim.user, claim.day, claim.images)
  if has_workspace(claim) then add_images(claim.workspace, claim.day, claim.images) end
  add_to_ledger(claim.user, claim.workspace, claim.day, claim.reserve, claim.images)
end

-- giveBackClaim: the images, the reserve unless it was paid, and the cooldown unless a later
-- claim started it anew.
local function give_back(claim)
  add_images(claim.user, claim.day, -claim.images)
  if has_workspace(claim) then add_images(claim.workspace, claim.day, -claim.images) end
  local micro = claim.settled and 0 or -claim.reserve
  add_to_ledger(claim.user, claim.workspace, claim.day, micro, -claim.images)
  if last_job_of(claim.user) == claim.at then
    set_last_job(claim.user, claim.previous or (claim.at - claim.cooldown), claim.cooldown)
  end
end

-- The jobs the person holds in live store instances; those of instances whose lease ran out
-- (a process that died) are dropped.
local function jobs_held(user, me, now)
  local key = key_held(user)
  local entries = redis.call("HGETALL", key)
  local held = 0
  for j = 1, #entries, 2 do
    local instance = entries[j]
    local lease_end = (instance == me) and now + 1 or tonumber(redis.call("ZSCORE", key_instances, instance))
    if lease_end and lease_end > now then
      held = held + tonumber(entries[j + 1])
    else
      redis.call("HDEL", key, instance)
    end
  end
  return held
end
`;
