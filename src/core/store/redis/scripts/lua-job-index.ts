/**
 * A job's hash and its indexes in Lua. Fields are written as job-fields.ts encodes them; the
 * scripts read only `platform`, `userId`, `status`, `errorCode`, `createdAt` and `claim.*`, and
 * keep two of their own: `owner`, the store instance that runs the job, and `teller`, the one
 * that claimed telling its person of its interruption (JobStore.claimUntoldJob).
 */
export const luaJobIndex = `
-- Whether a store instance's lease runs (one that closed, or died and ran out, has none).
local function instance_alive(instance, now)
  if not instance or instance == "" then return false end
  local lease_end = tonumber(redis.call("ZSCORE", key_instances, instance))
  return lease_end ~= nil and lease_end > now
end

-- Renews this instance's lease as it takes a job on: it is alive at least for one more lease.
local function hold_lease(me, lease, now)
  redis.call("ZADD", key_instances, int(now + lease), me)
end

local function index_by_status(member, status, error_code, created_at)
  if status == "queued" or status == "running" then
    redis.call("ZADD", key_jobs_unfinished, created_at, member)
  else
    redis.call("ZREM", key_jobs_unfinished, member)
  end
  if status == "interrupted" and (error_code == "restarted" or error_code == "telling") then
    redis.call("ZADD", key_jobs_untold, created_at, member)
  else
    redis.call("ZREM", key_jobs_untold, member)
  end
end

local function reindex_job(job_key)
  local f = redis.call("HMGET", job_key, "order", "status", "errorCode", "createdAt")
  index_by_status(f[1], f[2], f[3], f[4])
end

-- Writes a new job, run by the store instance owner, from the field/value pairs in ARGV from
-- index i on, and indexes it.
local function insert_job(job_key, id, owner, i)
  local member = string.format("%016d", redis.call("INCR", key_jobs_seq)) .. "|" .. id
  redis.call("HSET", job_key, "order", member, "owner", owner, unpack(ARGV, i))
  local f = redis.call("HMGET", job_key, "platform", "userId", "createdAt")
  redis.call("ZADD", key_jobs_created, f[3], member)
  redis.call("ZADD", key_jobs_of(f[1], f[2]), f[3], member)
  reindex_job(job_key)
end

local function id_of_member(member)
  return string.match(member, "^%d+|(.*)$")
end

local function delete_job(member)
  local job_key = key_job(id_of_member(member))
  local f = redis.call("HMGET", job_key, "platform", "userId")
  redis.call("ZREM", key_jobs_created, member)
  redis.call("ZREM", key_jobs_unfinished, member)
  redis.call("ZREM", key_jobs_untold, member)
  if f[1] and f[2] then redis.call("ZREM", key_jobs_of(f[1], f[2]), member) end
  redis.call("DEL", job_key)
end
`;
