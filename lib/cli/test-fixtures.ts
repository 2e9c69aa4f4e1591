import type { Env } from "./api-client";
import type { ApiContract, ApiTask } from "./api";
import type { Deps } from "./io";

/** Shared by the CLI's unit tests: API objects as the server sends them, and deps that record what a command does. */

export function apiTask(fields: Partial<ApiTask> = {}): ApiTask {
  return {
    id: "task-1",
    contractId: "contract-1",
    name: "A task",
    plan: "Do the thing",
    status: "pending",
    error: null,
    exitCode: null,
    branch: null,
    worktreePath: null,
    costUsd: 0,
    numTurns: null,
    durationMs: null,
    worktreeBytes: null,
    completionOutcome: null,
    completionMessage: null,
    resumeAt: null,
    parentTaskId: null,
    depth: 0,
    isSupervisor: false,
    autonomousLoop: false,
    iteration: 0,
    daemonId: null,
    claudeSessionId: null,
    inputTokens: 0,
    outputTokens: 0,
    createdAt: "2026-11-25T10:00:00.000Z",
    startedAt: null,
    completedAt: null,
    updatedAt: "2026-11-25T10:00:00.000Z",
    ...fields,
  };
}

export function apiContract(fields: Partial<ApiContract> = {}): ApiContract {
  return {
    id: "contract-1",
    name: "A contract",
    description: "",
    repository: "/srv/repo",
    baseBranch: "main",
    targetBranch: "main",
    status: "active",
    autonomousLoop: false,
    maxIterations: 10,
    completionAction: "none",
    permissionMode: "acceptEdits",
    allowRules: [],
    denyUnansweredAfterMinutes: null,
    autoResume: true,
    createdAt: "2026-11-25T09:00:00.000Z",
    updatedAt: "2026-11-25T09:00:00.000Z",
    ...fields,
  };
}

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Answer = { status?: number; json: unknown } | Error;

/**
 * Deps whose fetch answers with `respond` (a JSON body, status 200 unless said), whose clock only moves when the
 * command sleeps, and whose stdout and stderr are collected.
 */
export function fakeDeps(respond: (request: Recorded) => Answer, options: { env?: Env; stdin?: string } = {}) {
  const recorded = { stdout: "", stderr: "", requests: [] as Recorded[], sleeps: [] as number[] };
  let clock = 0;
  const deps: Deps = {
    io: { stdout: (text) => void (recorded.stdout += text), stderr: (text) => void (recorded.stderr += text) },
    env: options.env ?? { MAKIMA_API_KEY: "mk_test", MAKIMA_CONTRACT_ID: "contract-1" },
    fetch: async (input, init) => {
      const request: Recorded = {
        method: init?.method ?? "GET",
        url: String(input),
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
      };
      recorded.requests.push(request);
      const answer = respond(request);
      if (answer instanceof Error) throw answer;
      return Response.json(answer.json, { status: answer.status ?? 200 });
    },
    sleep: async (ms) => {
      recorded.sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    readStdin: async () => options.stdin ?? "",
  };
  return { deps, recorded };
}
