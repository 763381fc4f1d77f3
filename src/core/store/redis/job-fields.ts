import type { ClaimRecord, JobChange, JobRecord, JobStatus } from "../../jobs/job-record.ts";
import type { Platform } from "../../policy/actor.ts";
import type { TokenUsage } from "../../provider/types.ts";
import type { GenerationRequest } from "../../requests/request.ts";

/**
 * A job as the fields of its Redis hash. Text is stored as it is and numbers as decimals; the
 * request, the image refs and the usage as JSON. Each message ref is a field `ref.<name>` and each
 * claim figure a field `claim.<name>`, so the scripts merge refs and settle or give back a claim
 * by writing fields, never by rewriting JSON. Absent optional fields have no field.
 */
export function toJobFields(job: JobRecord): string[] {
  const fields: [string, string | undefined][] = [
    ["id", job.id],
    ["platform", job.platform],
    ["workspaceId", job.workspaceId],
    ["channelId", job.channelId],
    ["userId", job.userId],
    ["request", JSON.stringify(job.request)],
    ["parentId", job.parentId],
    ["status", job.status],
    ["createdAt", String(job.createdAt)],
    ["updatedAt", String(job.updatedAt)],
    ["imageRefs", JSON.stringify(job.imageRefs)],
    ["errorCode", job.errorCode],
    ["costUsd", job.costUsd === undefined ? undefined : String(job.costUsd)],
    ["usage", job.usage && JSON.stringify(job.usage)],
    ...Object.entries(job.messageRefs).map(([name, ref]): [string, string] => [`ref.${name}`, ref]),
    ...(job.claim ? claimFields(job.claim) : []),
  ];
  return fields.flatMap(([field, value]) => (value === undefined ? [] : [field, value]));
}

function claimFields(claim: ClaimRecord): [string, string | undefined][] {
  const number = (value: number | undefined) => (value === undefined ? undefined : String(value));
  return [
    ["claim.userKey", claim.userKey],
    ["claim.workspaceKey", claim.workspaceKey],
    ["claim.day", claim.day],
    ["claim.at", String(claim.at)],
    ["claim.images", String(claim.images)],
    ["claim.cooldownMs", String(claim.cooldownMs)],
    ["claim.previousJobAt", number(claim.previousJobAt)],
    ["claim.reserveMicroUsd", number(claim.reserveMicroUsd)],
    ["claim.settled", claim.settled === undefined ? undefined : claim.settled ? "1" : "0"],
  ];
}

/** The fields a change writes, as field/value pairs; `updatedAt` always among them. */
export function changeFields(change: JobChange): string[] {
  const fields: [string, string | undefined][] = [
    ["updatedAt", String(change.updatedAt)],
    ["status", change.status],
    ["imageRefs", change.imageRefs && JSON.stringify(change.imageRefs)],
    ["errorCode", change.errorCode],
    ["usage", change.usage && JSON.stringify(change.usage)],
    ["costUsd", change.costUsd === undefined ? undefined : String(change.costUsd)],
    ...Object.entries(change.messageRefs ?? {}).map(([name, ref]): [string, string] => [`ref.${name}`, ref]),
  ];
  return fields.flatMap(([field, value]) => (value === undefined ? [] : [field, value]));
}

/** The job a hash holds (written by `toJobFields` and the scripts only); undefined when empty. */
export function fromJobFields(hash: Readonly<Record<string, string>>): JobRecord | undefined {
  if (hash.id === undefined) return undefined;
  const text = (field: string) => hash[field];
  const number = (field: string) => (hash[field] === undefined ? undefined : Number(hash[field]));
  const messageRefs: Record<string, string> = {};
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith("ref.")) messageRefs[field.slice("ref.".length)] = value;
  }
  const workspaceId = text("workspaceId");
  const parentId = text("parentId");
  const errorCode = text("errorCode");
  const costUsd = number("costUsd");
  const usage = text("usage");
  const claim = claimOf(hash);
  return {
    id: hash.id,
    platform: text("platform") as Platform,
    ...(workspaceId !== undefined && { workspaceId }),
    channelId: text("channelId") ?? "",
    userId: text("userId") ?? "",
    request: JSON.parse(text("request") ?? "{}") as GenerationRequest,
    ...(parentId !== undefined && { parentId }),
    status: text("status") as JobStatus,
    createdAt: number("createdAt") ?? 0,
    updatedAt: number("updatedAt") ?? 0,
    messageRefs,
    imageRefs: JSON.parse(text("imageRefs") ?? "[]") as string[],
    ...(errorCode !== undefined && { errorCode }),
    ...(claim && { claim }),
    ...(costUsd !== undefined && { costUsd }),
    ...(usage !== undefined && { usage: JSON.parse(usage) as TokenUsage }),
  };
}

function claimOf(hash: Readonly<Record<string, string>>): ClaimRecord | undefined {
  const userKey = hash["claim.userKey"];
  if (userKey === undefined) return undefined;
  const number = (field: string) => (hash[field] === undefined ? undefined : Number(hash[field]));
  const workspaceKey = hash["claim.workspaceKey"];
  const previousJobAt = number("claim.previousJobAt");
  const reserveMicroUsd = number("claim.reserveMicroUsd");
  const settled = hash["claim.settled"];
  return {
    userKey,
    ...(workspaceKey !== undefined && { workspaceKey }),
    day: hash["claim.day"] ?? "",
    at: number("claim.at") ?? 0,
    images: number("claim.images") ?? 0,
    cooldownMs: number("claim.cooldownMs") ?? 0,
    ...(previousJobAt !== undefined && { previousJobAt }),
    ...(reserveMicroUsd !== undefined && { reserveMicroUsd }),
    ...(settled !== undefined && { settled: settled === "1" }),
  };
}

/** A job's hash from HGETALL's flat field/value list, as a script answers it. */
export function hashOfPairs(pairs: readonly string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let index = 0; index + 1 < pairs.length; index += 2) hash[pairs[index]!] = pairs[index + 1]!;
  return hash;
}
