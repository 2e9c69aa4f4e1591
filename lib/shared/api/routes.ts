import type { z } from "zod";
import { ApprovalAnswerBody } from "../schemas/approval";
import { ContinueTaskBody, MergeTaskInput } from "../schemas/task";
import type { Role } from "../auth/roles";
import {
  AuditQuery,
  CreateContractInput,
  FileQuery,
  NoInput,
  OutputQuery,
  ReportInput,
  SearchQuery,
  SpawnTaskInput,
} from "./inputs";
import {
  ApprovalAnswer,
  ApprovalListAnswer,
  AuditAnswer,
  ContractAnswer,
  ContractListAnswer,
  ContractProgress,
  DiffAnswer,
  FileAnswer,
  MergeAnswer,
  MergeErrorAnswer,
  OpenApiAnswer,
  OutputLogAnswer,
  OutputPage,
  ReportAnswer,
  SearchAnswer,
  ReportListAnswer,
  TaskAnswer,
  TaskListAnswer,
} from "./schemas";

/** The refusals a route can answer besides 401, 403 and 500, which every route can. */
export type RouteError = 404 | 409 | 422 | 503;

/**
 * One route of `/api/v1`, as the OpenAPI document shows it. `role`, `taskKeys`, `input` and `output` are the ones its
 * handler's gate declares (test/integration/openapi.test.ts checks them against every file under app/api/v1).
 */
export interface ApiRouteEntry {
  method: "GET" | "POST";
  /** Under /api/v1, with `{name}` for a path parameter. */
  path: `/${string}`;
  operationId: string;
  summary: string;
  description?: string;
  role: Role;
  taskKeys: boolean;
  input: z.ZodType;
  output: z.ZodType;
  /** The media type of a success: JSON unless said. */
  media?: "application/x-ndjson";
  /** The status of a success: 200 unless said. */
  status?: 200 | 201;
  errors: RouteError[];
  /** An error answer that says more than `{ error, issues? }`, by status. */
  errorAnswers?: Partial<Record<RouteError, z.ZodType>>;
}

/**
 * Every route of `/api/v1`, once, by operationId. Each route file spreads its entry into its gate
 * (`gatedRoute({ ...API.getContract, run })`), so the role, the task-key rule, the input and the answer the OpenAPI
 * document shows are the very ones the handler runs with.
 */
export const API = {
  listContracts: {
    method: "GET",
    path: "/contracts",
    operationId: "listContracts",
    summary: "The contracts, newest first (a task's key sees its own contract only), with their tasks counted",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: ContractListAnswer,
    errors: [],
  },
  createContract: {
    method: "POST",
    path: "/contracts",
    operationId: "createContract",
    summary: "Create an active contract: a repository, its branches, and how its tasks' claude asks before using tools",
    description:
      "`permissionMode` (default `acceptEdits`) is what each new task's claude runs with; `bypassPermissions` runs any command without asking. `allowRules` are tools it may use without asking, in Claude Code's rule syntax (`Bash(npm test:*)`, `Edit`, `WebFetch(domain:example.com)`). `denyUnansweredAfterMinutes` (1–10080, or null: never) denies a request nobody answers in time. A rule that is not one is 422, its issue naming it.",
    role: "member",
    taskKeys: false,
    input: CreateContractInput,
    output: ContractAnswer,
    status: 201,
    errors: [422],
  },
  getContract: {
    method: "GET",
    path: "/contracts/{id}",
    operationId: "getContract",
    summary: "One contract",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: ContractAnswer,
    errors: [404],
  },
  getContractStatus: {
    method: "GET",
    path: "/contracts/{id}/status",
    operationId: "getContractStatus",
    summary: "Where the contract stands: its tasks counted (active: not started or not ended) and its latest report",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: ContractProgress,
    errors: [404],
  },
  listContractTasks: {
    method: "GET",
    path: "/contracts/{id}/tasks",
    operationId: "listContractTasks",
    summary: "The contract's tasks, oldest first",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: TaskListAnswer,
    errors: [404],
  },
  spawnTask: {
    method: "POST",
    path: "/contracts/{id}/tasks",
    operationId: "spawnTask",
    summary: "Spawn a task on the contract (pending: a daemon picks it up)",
    description:
      "`supervisor: true` starts a supervisor task (never in the autonomous loop). 409 when the contract is not active.",
    role: "member",
    taskKeys: true,
    input: SpawnTaskInput,
    output: TaskAnswer,
    status: 201,
    errors: [404, 409, 422],
  },
  listReports: {
    method: "GET",
    path: "/contracts/{id}/reports",
    operationId: "listReports",
    summary: "The contract's progress reports, newest first (the latest 100)",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: ReportListAnswer,
    errors: [404],
  },
  createReport: {
    method: "POST",
    path: "/contracts/{id}/reports",
    operationId: "createReport",
    summary: "Report progress on the contract (a task's key signs it with its task)",
    role: "member",
    taskKeys: true,
    input: ReportInput,
    output: ReportAnswer,
    status: 201,
    errors: [404, 422],
  },
  completeContract: {
    method: "POST",
    path: "/contracts/{id}/complete",
    operationId: "completeContract",
    summary: "Complete the contract: its waiting supervisors end, its tasks' worktrees are removed (branches kept)",
    description: "Completing a completed contract changes nothing; an archived one is refused (409).",
    role: "member",
    taskKeys: true,
    input: NoInput,
    output: ContractAnswer,
    errors: [404, 409],
  },
  getTask: {
    method: "GET",
    path: "/tasks/{id}",
    operationId: "getTask",
    summary: "One task",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: TaskAnswer,
    errors: [404],
  },
  getTaskOutput: {
    method: "GET",
    path: "/tasks/{id}/output",
    operationId: "getTaskOutput",
    summary: "A page of the task's output lines in seq order; follow it by asking again with afterSeq=nextSeq",
    role: "viewer",
    taskKeys: true,
    input: OutputQuery,
    output: OutputPage,
    errors: [404, 422],
  },
  searchTaskOutput: {
    method: "GET",
    path: "/tasks/{id}/search",
    operationId: "searchTaskOutput",
    summary: "Find words in what a person reads of the task's output (messages, commands, file names, results, errors)",
    description:
      "Every stored line is searched, loaded in a view or not. Each word must start a word of the line; `kinds` limits the search to messages, tools or errors. The hits come in seq order with a snippet each; `total` counts them all, up to 10,000.",
    role: "viewer",
    taskKeys: true,
    input: SearchQuery,
    output: SearchAnswer,
    errors: [404, 422],
  },
  downloadTaskOutput: {
    method: "GET",
    path: "/tasks/{id}/output.jsonl",
    operationId: "downloadTaskOutput",
    summary: "The task's whole output as a file: every stored line as it was printed, one per line, in seq order",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: OutputLogAnswer,
    media: "application/x-ndjson",
    errors: [404],
  },
  getTaskDiff: {
    method: "GET",
    path: "/tasks/{id}/diff",
    operationId: "getTaskDiff",
    summary: "The task's changes against its base branch, committed and uncommitted",
    description: "503 when the task's daemon is offline.",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: DiffAnswer,
    errors: [404, 409, 422, 503],
  },
  getTaskFile: {
    method: "GET",
    path: "/tasks/{id}/file",
    operationId: "getTaskFile",
    summary: "One file of the task's worktree, by a path relative to it",
    description:
      "Paths leaving the worktree, `.git`, folders and symlinks out are refused (422); text over 1 MiB is cut. 503 when the task's daemon is offline.",
    role: "viewer",
    taskKeys: true,
    input: FileQuery,
    output: FileAnswer,
    errors: [404, 409, 422, 503],
  },
  listTaskApprovals: {
    method: "GET",
    path: "/tasks/{id}/approvals",
    operationId: "listTaskApprovals",
    summary: "The task's permission requests, oldest first: those still waiting, and how each other one was settled",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: ApprovalListAnswer,
    errors: [404],
  },
  answerApproval: {
    method: "POST",
    path: "/approvals/{id}/answer",
    operationId: "answerApproval",
    summary: "Answer one of claude's permission requests: allow, allow_always (adds the rule to the contract) or deny",
    description:
      "`{ approval }` once answered; the first answer wins, a later one is 409 naming who answered. A question's `answers` map each question to its answer. Never with a task's key: an agent does not approve its own requests.",
    role: "member",
    taskKeys: false,
    input: ApprovalAnswerBody,
    output: ApprovalAnswer,
    errors: [404, 409, 422],
  },
  resumeTask: {
    method: "POST",
    path: "/tasks/{id}/resume",
    operationId: "resumeTask",
    summary: "Make an interrupted or failed task go on where it stopped: its worktree, its branch, its output stream",
    description:
      "`how`: `resume` (default) resumes claude's conversation on the daemon that ran the task, which must be connected; `anotherDaemon` starts a new conversation on the task's branch on any daemon; `moreIterations` gives a loop that reached its iteration limit `iterations` (1–100) more. `message` (optional) is claude's first prompt. `{ task }`, pending until a daemon takes it. 409 when the task is running, has no claude session to resume, or its daemon is not connected.",
    role: "member",
    taskKeys: true,
    input: ContinueTaskBody,
    output: TaskAnswer,
    errors: [404, 409, 422],
  },
  mergeTask: {
    method: "POST",
    path: "/tasks/{id}/merge",
    operationId: "mergeTask",
    summary:
      "Merge the finished task's branch (its uncommitted work committed first) into `to`, by default the contract's target branch",
    description:
      "`{ merge }` when merged or nothing was left to merge. A conflict is 409 `{ error, merge }` with `merge.conflicts` and nothing changed; a task still running is 409; a missing target branch is 422. 503 when the task's daemon is offline.",
    role: "member",
    taskKeys: true,
    input: MergeTaskInput,
    output: MergeAnswer,
    errors: [404, 409, 422, 503],
    errorAnswers: { 409: MergeErrorAnswer, 422: MergeErrorAnswer },
  },
  listAuditEvents: {
    method: "GET",
    path: "/audit",
    operationId: "listAuditEvents",
    summary: "The audit log, newest first (owners and admins); `before` an ISO date-time for the next page",
    role: "admin",
    taskKeys: false,
    input: AuditQuery,
    output: AuditAnswer,
    errors: [422],
  },
  getOpenApiDocument: {
    method: "GET",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document: the API described as OpenAPI 3.1, made from the schemas the routes answer with",
    role: "viewer",
    taskKeys: true,
    input: NoInput,
    output: OpenApiAnswer,
    errors: [],
  },
} satisfies Record<string, ApiRouteEntry>;

export const API_ROUTES: readonly ApiRouteEntry[] = Object.values(API);
