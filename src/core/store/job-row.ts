import type { ClaimRecord, JobRecord, JobStatus, MessageRefs } from "../jobs/job-record.ts";
import type { Platform } from "../policy/actor.ts";
import type { EditInputs } from "../requests/input-image.ts";
import type { OutputFormat } from "../requests/request.ts";

/** A row of the `jobs` table as SQLite hands it over and takes it, by column name. */
export interface JobRow {
  id: string;
  platform: string;
  workspace_id: string | null;
  channel_id: string;
  user_id: string;
  prompt: string;
  model: string;
  size: string;
  quality: string | null;
  count: number;
  output_format: string;
  parent_id: string | null;
  status: string;
  created_at: number;
  updated_at: number;
  /** JSON object of strings. */
  message_refs: string;
  /** JSON array of strings. */
  image_refs: string;
  error_code: string | null;
  /** JSON ClaimRecord, null once given back. */
  claim: string | null;
  cost_usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  /** JSON EditInputs for an edit, else null. */
  edit_inputs: string | null;
}

/** The row for a job, every optional field absent written as NULL. */
export function toJobRow(job: JobRecord): JobRow {
  const { request } = job;
  return {
    id: job.id,
    platform: job.platform,
    workspace_id: job.workspaceId ?? null,
    channel_id: job.channelId,
    user_id: job.userId,
    prompt: request.prompt,
    model: request.model,
    size: request.size,
    quality: request.quality ?? null,
    count: request.count,
    output_format: request.outputFormat,
    parent_id: job.parentId ?? null,
    status: job.status,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    message_refs: JSON.stringify(job.messageRefs),
    image_refs: JSON.stringify(job.imageRefs),
    error_code: job.errorCode ?? null,
    claim: job.claim ? JSON.stringify(job.claim) : null,
    cost_usd: job.costUsd ?? null,
    input_tokens: job.usage?.inputTokens ?? null,
    output_tokens: job.usage?.outputTokens ?? null,
    edit_inputs: request.edit ? JSON.stringify(request.edit) : null,
  };
}

/** The job a row holds; NULL columns become absent fields. Rows are written by `toJobRow` only. */
export function fromJobRow(row: JobRow): JobRecord {
  return {
    id: row.id,
    platform: row.platform as Platform,
    ...(row.workspace_id !== null && { workspaceId: row.workspace_id }),
    channelId: row.channel_id,
    userId: row.user_id,
    request: {
      prompt: row.prompt,
      model: row.model,
      size: row.size,
      ...(row.quality !== null && { quality: row.quality }),
      count: row.count,
      outputFormat: row.output_format as OutputFormat,
      ...(row.edit_inputs !== null && { edit: JSON.parse(row.edit_inputs) as EditInputs }),
    },
    ...(row.parent_id !== null && { parentId: row.parent_id }),
    status: row.status as JobStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    messageRefs: JSON.parse(row.message_refs) as MessageRefs,
    imageRefs: JSON.parse(row.image_refs) as string[],
    ...(row.error_code !== null && { errorCode: row.error_code }),
    ...(row.claim !== null && { claim: JSON.parse(row.claim) as ClaimRecord }),
    ...(row.cost_usd !== null && { costUsd: row.cost_usd }),
    ...(row.input_tokens !== null &&
      row.output_tokens !== null && {
        usage: { inputTokens: row.input_tokens, outputTokens: row.output_tokens },
      }),
  };
}
