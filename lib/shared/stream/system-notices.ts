import { z } from "zod";
import type { EntryBody, StreamEntryOf, SystemLevel } from "./entry";
import { prettyJson } from "./fields";
import { formatClock, formatCount, formatDuration, oneLine } from "./format";
import type { JsonObject } from "./json-type";

/**
 * claude's `system` messages other than `init`, and its `rate_limit_event`, as the agent SDK types them (sdk.d.ts:
 * SDKCompactBoundaryMessage, SDKAPIRetryMessage, SDKStatusMessage, SDKHook*Message, SDKTask*Message,
 * SDKRateLimitEvent …). They are asides to the conversation, so each becomes one quiet line of text; a subtype not
 * known here still gets its line (its name) and keeps its JSON. Fields are read with zod and a message that does
 * not fit its shape is said by its subtype alone, never dropped.
 */

/** How long a notice's line may be; the whole message stays in the entry's `json`. */
export const NOTICE_MAX = 300;

interface Notice {
  text: string;
  level: SystemLevel;
  /** The tool call the notice is about (a subagent's task_* events), so the view shows it there. */
  parentToolUseId?: string;
}

const text = z.string();
const count = z.number().finite().nonnegative();

const CompactBoundary = z.object({
  compact_metadata: z.object({
    trigger: text.optional(),
    pre_tokens: count.optional(),
    post_tokens: count.optional(),
    duration_ms: count.optional(),
  }),
});

const ApiRetry = z.object({
  attempt: count,
  max_retries: count,
  retry_delay_ms: count,
  error_status: z.number().nullable().optional(),
  error: text.optional(),
});

const Status = z.object({
  status: text.nullable().optional(),
  compact_result: text.optional(),
  compact_error: text.optional(),
  permissionMode: text.optional(),
});

const Hook = z.object({
  hook_name: text.optional(),
  hook_event: text.optional(),
  output: text.optional(),
  stdout: text.optional(),
  stderr: text.optional(),
  exit_code: z.number().optional(),
  outcome: text.optional(),
});

const Content = z.object({ content: text, level: text.optional() });
const Notification = z.object({ text, priority: text.optional() });

const Task = z.object({
  tool_use_id: text.optional(),
  description: text.optional(),
  subagent_type: text.optional(),
  summary: text.optional(),
  status: text.optional(),
  last_tool_name: text.optional(),
});

const PermissionDenied = z.object({ tool_name: text, message: text.optional(), decision_reason: text.optional() });

/** A `system` message other than `init` → its notice entry. */
export function systemNoticeEntry(message: JsonObject): EntryBody {
  const subtype = typeof message.subtype === "string" ? message.subtype.slice(0, 100) : "";
  const notice = noticeOf(subtype, message) ?? { text: `system: ${subtype || "(no subtype)"}`, level: "info" };
  return {
    kind: "systemNotice",
    subtype,
    text: oneLine(notice.text, NOTICE_MAX),
    level: notice.level,
    json: prettyJson(message),
    ...(notice.parentToolUseId ? { parentToolUseId: notice.parentToolUseId } : {}),
  };
}

function noticeOf(subtype: string, message: JsonObject): Notice | null {
  switch (subtype) {
    case "compact_boundary": {
      const meta = read(CompactBoundary, message)?.compact_metadata;
      if (!meta) return { text: "Conversation compacted", level: "info" };
      const tokens = [
        meta.pre_tokens === undefined ? null : `${formatCount(meta.pre_tokens)} tokens before`,
        meta.post_tokens === undefined ? null : `${formatCount(meta.post_tokens)} after`,
        formatDuration(meta.duration_ms ?? null),
      ].filter(Boolean);
      const how = meta.trigger ? ` (${meta.trigger})` : "";
      return { text: `Conversation compacted${how}${tokens.length ? `: ${tokens.join(", ")}` : ""}`, level: "info" };
    }
    case "api_retry": {
      const retry = read(ApiRetry, message);
      if (!retry) return { text: "API request failed: retrying", level: "warning" };
      const cause = [retry.error_status ?? null, retry.error && retry.error !== "unknown" ? retry.error : null]
        .filter((part) => part !== null)
        .join(", ");
      const seconds = Math.max(1, Math.round(retry.retry_delay_ms / 1000));
      return {
        text: `API request failed${cause ? ` (${cause})` : ""}: retry ${retry.attempt} of ${retry.max_retries} in ${seconds} s`,
        level: "warning",
      };
    }
    case "status":
      return statusNotice(read(Status, message));
    case "hook_started":
    case "hook_progress":
    case "hook_response":
      return hookNotice(subtype, read(Hook, message));
    case "informational":
    case "local_command_output": {
      const content = read(Content, message);
      if (!content) return null;
      const level = content.level === "warning" ? "warning" : "info";
      return { text: content.content || subtype, level };
    }
    case "notification": {
      const note = read(Notification, message);
      return note ? { text: note.text, level: note.priority === "high" ? "warning" : "info" } : null;
    }
    case "task_started":
    case "task_progress":
    case "task_notification":
      return taskNotice(subtype, read(Task, message));
    case "permission_denied": {
      const denied = read(PermissionDenied, message);
      if (!denied) return { text: "Permission denied", level: "warning" };
      const why = denied.message || denied.decision_reason;
      return { text: `Permission denied: ${denied.tool_name}${why ? ` (${why})` : ""}`, level: "warning" };
    }
    default:
      return null;
  }
}

function statusNotice(status: z.infer<typeof Status> | null): Notice {
  if (!status) return { text: "Status changed", level: "info" };
  if (status.compact_result === "failed") {
    return { text: `Compaction failed${status.compact_error ? `: ${status.compact_error}` : ""}`, level: "warning" };
  }
  if (status.status === "compacting") return { text: "Compacting the conversation…", level: "info" };
  if (status.status === "requesting") return { text: "Waiting for the API…", level: "info" };
  if (status.permissionMode) return { text: `Permission mode: ${status.permissionMode}`, level: "info" };
  if (status.compact_result === "success") return { text: "Compaction done", level: "info" };
  return { text: status.status ? `Status: ${status.status}` : "Status: idle", level: "info" };
}

function hookNotice(subtype: string, hook: z.infer<typeof Hook> | null): Notice {
  const name = hook ? [hook.hook_event, hook.hook_name].filter(Boolean).join(" ") : "";
  const label = `Hook${name ? ` ${name}` : ""}`;
  if (!hook) return { text: label, level: "info" };
  const said = hook.output || hook.stdout || hook.stderr || "";
  const tail = said.trim() ? `: ${said}` : "";
  if (subtype === "hook_started") return { text: `${label} started`, level: "info" };
  if (subtype === "hook_progress") return { text: `${label}${tail}`, level: "info" };
  const exit = hook.exit_code === undefined ? "" : ` (exit ${hook.exit_code})`;
  const outcome = HOOK_OUTCOMES[hook.outcome ?? ""] ?? hook.outcome ?? "done";
  return { text: `${label} ${outcome}${exit}${tail}`, level: hook.outcome === "error" ? "warning" : "info" };
}

const HOOK_OUTCOMES: Record<string, string> = { success: "succeeded", error: "failed", cancelled: "was cancelled" };

function taskNotice(subtype: string, task: z.infer<typeof Task> | null): Notice {
  if (!task) return { text: subtype.replace("_", " "), level: "info" };
  const what = task.description || task.subagent_type || "task";
  const parent = task.tool_use_id ? { parentToolUseId: task.tool_use_id } : {};
  if (subtype === "task_started") return { text: `Started: ${what}`, level: "info", ...parent };
  if (subtype === "task_progress") {
    const doing = task.summary || (task.last_tool_name ? `using ${task.last_tool_name}` : "");
    return { text: `${what}${doing ? `: ${doing}` : ""}`, level: "info", ...parent };
  }
  const status = task.status ?? "ended";
  return {
    text: `${what} ${status}${task.summary ? `: ${task.summary}` : ""}`,
    level: status === "failed" ? "warning" : "info",
    ...parent,
  };
}

const RateLimitInfo = z.object({
  status: z.string().max(40),
  resetsAt: z.number().finite().positive().optional(),
  rateLimitType: z.string().max(60).optional(),
  utilization: z.number().finite().nonnegative().optional(),
});

/** A `rate_limit_event` → its entry; one without a readable `rate_limit_info` stays unknown (null). */
export function rateLimitEntry(message: JsonObject): EntryBody | null {
  const info = RateLimitInfo.safeParse(message.rate_limit_info);
  if (!info.success) return null;
  const { status, resetsAt, rateLimitType, utilization } = info.data;
  return {
    kind: "rateLimit",
    status,
    // Unix seconds, as usage-limit.ts reads them too.
    resetsAt: resetsAt === undefined ? null : resetsAt * 1000,
    limitType: rateLimitType ?? null,
    utilization: utilization === undefined ? null : utilization > 1 ? utilization / 100 : utilization,
  };
}

function read<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const LIMIT_NAMES: Record<string, string> = {
  five_hour: "5-hour",
  seven_day: "weekly",
  seven_day_opus: "weekly Opus",
  seven_day_sonnet: "weekly Sonnet",
};

/** How a rate-limit event reads, in the task view and in `makima task output`: "Usage: 82% of the 5-hour limit · resets 15:00"; a rejected request says the limit is reached. */
export function rateLimitText(entry: StreamEntryOf<"rateLimit">, now = new Date()): string {
  const limit = entry.limitType ? `${LIMIT_NAMES[entry.limitType] ?? entry.limitType} limit` : "usage limit";
  const used = entry.utilization === null ? null : `${Math.round(entry.utilization * 100)}% of the ${limit}`;
  const resets = entry.resetsAt === null ? null : `resets ${formatClock(new Date(entry.resetsAt), now)}`;
  const head =
    entry.status === "rejected"
      ? `Usage limit reached (${limit})`
      : entry.status === "allowed_warning"
        ? `Usage warning${used ? `: ${used}` : ` (${limit})`}`
        : `Usage within the ${limit}${used ? ` (${used.split(" of ")[0]})` : ""}`;
  return [head, resets].filter(Boolean).join(" · ");
}
