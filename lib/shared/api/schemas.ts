import { z } from "zod";
import { OutputLine, TaskStatus } from "../protocol/daemon";
import { ApprovalEvent, TaskUpdatedEvent } from "../protocol/ui";
import { CompletionAction, MergeResult, RepoFile, TaskDiff } from "../protocol/worktree";
import { ContractStatus, PermissionMode } from "../schemas/contract";

/**
 * The answers of the HTTP API (`/api/v1`), one zod schema each: the route handlers are typed by them (their
 * `output`), the serialisers return their types, the CLI parses what it is sent with them, and the OpenAPI
 * document (`lib/shared/api/openapi.ts`) is made from them. A schema named in `apiSchemas` is a component of that document.
 */

/** Names and describes the schemas the OpenAPI document lists as components (and annotates a few others). */
export const apiSchemas = z.registry<{ id?: string; description?: string; format?: string }>();

function named<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  apiSchemas.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

/**
 * An ISO 8601 date-time, as the API writes every time (`Date#toISOString`). Documented as one, read as any string:
 * the CLI does not refuse an answer for the way a time is written.
 */
export const IsoDateTime = z.string();
apiSchemas.add(IsoDateTime, { format: "date-time" });

export const ApiContract = named(
  "Contract",
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    repository: z.string(),
    baseBranch: z.string(),
    targetBranch: z.string(),
    status: ContractStatus,
    autonomousLoop: z.boolean(),
    maxIterations: z.number().int(),
    completionAction: CompletionAction,
    /** What each new task's claude runs with (`--permission-mode`); a task keeps the mode it was made with. */
    permissionMode: PermissionMode,
    /** Tools its tasks' claude may use without asking, in Claude Code's rule syntax (`Bash(npm test:*)`). */
    allowRules: z.array(z.string()),
    /** A request for permission nobody answers within this many minutes is denied; null: it waits. */
    denyUnansweredAfterMinutes: z.number().int().nullable(),
    /** Tasks interrupted because their daemon went away resume by themselves when it is back (at most 3 times). */
    autoResume: z.boolean(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  }),
  "A contract: a repository, its branches, the work asked of it and how its tasks' claude asks before using tools",
);
export type ApiContract = z.infer<typeof ApiContract>;

export const TaskCounts = named(
  "TaskCounts",
  z.object({ total: z.number().int(), active: z.number().int(), finished: z.number().int() }),
  "A contract's tasks: how many, how many under way (not started or not ended) and how many ended",
);

export const ApiContractSummary = named(
  "ContractSummary",
  ApiContract.extend({ taskCounts: TaskCounts }),
  "A contract with its tasks counted",
);
export type ApiContractSummary = z.infer<typeof ApiContractSummary>;

export const ApiTask = named(
  "Task",
  TaskUpdatedEvent.extend({
    name: z.string(),
    plan: z.string(),
    parentTaskId: z.string().nullable(),
    depth: z.number().int(),
    isSupervisor: z.boolean(),
    autonomousLoop: z.boolean(),
    iteration: z.number().int(),
    daemonId: z.string().nullable(),
    claudeSessionId: z.string().nullable(),
    updatedAt: IsoDateTime,
    createdAt: IsoDateTime,
    startedAt: IsoDateTime.nullable(),
    completedAt: IsoDateTime.nullable(),
  }),
  "A task: what browsers following it are sent, plus its plan, its place in the tree and its times",
);
export type ApiTask = z.infer<typeof ApiTask>;

export const ApiReport = named(
  "Report",
  z.object({
    id: z.string(),
    contractId: z.string(),
    taskId: z.string().nullable(),
    progress: z.string(),
    createdAt: IsoDateTime,
  }),
  "A progress report on a contract (taskId: the task whose key sent it)",
);
export type ApiReport = z.infer<typeof ApiReport>;

export const ApiOutputLine = named(
  "OutputLine",
  OutputLine.extend({ createdAt: IsoDateTime }),
  "One line of a task's output, numbered from 1 per task",
);
export type ApiOutputLine = z.infer<typeof ApiOutputLine>;

export const ApiAuditEvent = named(
  "AuditEvent",
  z.object({
    id: z.string(),
    createdAt: IsoDateTime,
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    summary: z.string(),
    ipAddress: z.string().nullable(),
  }),
  "One change someone made, as the audit log records it",
);
export type ApiAuditEvent = z.infer<typeof ApiAuditEvent>;

named("TaskDiff", TaskDiff, "A task's changes against its base branch, committed and uncommitted");
named("RepoFile", RepoFile, "One file of a task's worktree");
named("MergeResult", MergeResult, "What a merge of a task's branch did");

export const ContractProgress = named(
  "ContractProgress",
  z.object({
    contract: ApiContract,
    tasks: TaskCounts.extend({ byStatus: z.record(z.string(), z.number().int()) }),
    latestReport: ApiReport.nullable(),
  }),
  "Where a contract stands: its tasks counted (and by status) and its latest report",
);
export type ContractProgress = z.infer<typeof ContractProgress>;

/** One input that was refused, and why. */
export const ApiIssue = z.object({ path: z.string(), message: z.string() });

export const ApiErrorAnswer = named(
  "Error",
  z.object({ error: z.string(), issues: z.array(ApiIssue).optional() }),
  "Every refusal: a message safe to show; for invalid input (422), each field's issue",
);
export type ApiErrorAnswer = z.infer<typeof ApiErrorAnswer>;

export const MergeErrorAnswer = named(
  "MergeError",
  ApiErrorAnswer.extend({ merge: MergeResult.optional() }),
  "A merge that was not made: on a conflict (409) or another failure of git (422), what it did",
);
export type MergeErrorAnswer = z.infer<typeof MergeErrorAnswer>;

// One answer per route.

export const ApiApproval = named(
  "Approval",
  ApprovalEvent,
  "One of claude's permission requests (a tool to use, a question, a plan) and, once settled, who settled it",
);
export const ApprovalListAnswer = named("ApprovalList", z.object({ approvals: z.array(ApiApproval) }));
export const ApprovalAnswer = named("ApprovalAnswer", z.object({ approval: ApiApproval }));

export const ContractListAnswer = named("ContractList", z.object({ contracts: z.array(ApiContractSummary) }));
export const ContractAnswer = named("ContractAnswer", z.object({ contract: ApiContract }));
export const TaskListAnswer = named("TaskList", z.object({ tasks: z.array(ApiTask) }));
export const TaskAnswer = named("TaskAnswer", z.object({ task: ApiTask }));
export const ReportListAnswer = named("ReportList", z.object({ reports: z.array(ApiReport) }));
export const ReportAnswer = named("ReportAnswer", z.object({ report: ApiReport }));
export const OutputPage = named(
  "OutputPage",
  z.object({ lines: z.array(ApiOutputLine), nextSeq: z.number().int(), hasMore: z.boolean(), status: TaskStatus }),
  "A page of a task's output: ask again with afterSeq=nextSeq for the next",
);
export type OutputPage = z.infer<typeof OutputPage>;
export const SearchHit = named(
  "SearchHit",
  z.object({
    seq: z.number().int(),
    /** A short part of the line's readable text around what was found. */
    snippet: z.string(),
    /** Where in `snippet` the words found are: [start, end) character offsets, in order. */
    highlights: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
  }),
  "One output line a search found",
);
export type SearchHit = z.infer<typeof SearchHit>;
export const OutputSearchResult = named(
  "OutputSearchResult",
  z.object({
    /** The lines found after `afterSeq`, in seq order, at most `limit`. */
    hits: z.array(SearchHit),
    /** More hits follow the last one: ask again with afterSeq = its seq. */
    hasMore: z.boolean(),
    /** How many lines the search finds in all (any `afterSeq` aside), counted up to `MAX_SEARCH_COUNT`. */
    total: z.number().int(),
    /** There are more than `total`. */
    totalCapped: z.boolean(),
  }),
  "What a search of a task's output found",
);
export type OutputSearchResult = z.infer<typeof OutputSearchResult>;
export const SearchAnswer = named("SearchAnswer", z.object({ search: OutputSearchResult }));
export const OutputLogAnswer = named(
  "OutputLog",
  z.string(),
  "The task's output lines as they were printed (claude's stream-json), one per line, in seq order",
);
export const DiffAnswer = named("DiffAnswer", z.object({ diff: TaskDiff }));
export const FileAnswer = named("FileAnswer", z.object({ file: RepoFile }));
export const MergeAnswer = named("MergeAnswer", z.object({ merge: MergeResult }));
export const AuditAnswer = named(
  "AuditPage",
  z.object({ events: z.array(ApiAuditEvent) }),
  "A page of the audit log, newest first",
);
export const OpenApiAnswer = named(
  "OpenApiDocument",
  z.looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  }),
  "This document",
);
