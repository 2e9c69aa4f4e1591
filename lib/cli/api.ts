import type { z } from "zod";
import {
  ContractAnswer,
  ContractProgress,
  DiffAnswer,
  FileAnswer,
  MergeAnswer,
  OutputPage,
  ReportAnswer,
  TaskAnswer,
  TaskListAnswer,
} from "../shared/api/schemas";
import type { ContinueTaskBody } from "../shared/schemas/task";
import type { ApiClient } from "./api-client";
import { ApiError } from "./errors";

/** The `/api/v1` answers the CLI reads: the schemas (and their types) the route handlers answer with. */
export type { ApiContract, ApiOutputLine, ApiReport, ApiTask, OutputPage } from "../shared/api/schemas";
export type ContractStatus = ContractProgress;
export type { MergeResult, RepoFile, TaskDiff } from "../shared/protocol/worktree";

const segment = encodeURIComponent;

/** An answer read with its route's schema; one that does not fit is an error of the command, not a crash later. */
async function parsed<S extends z.ZodType>(schema: S, what: string, answer: Promise<unknown>): Promise<z.infer<S>> {
  const json = await answer;
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues
    .map((issue) => `${issue.path.join(".") || "(the answer)"}: ${issue.message}`)
    .join("; ");
  throw new ApiError(
    `${what} answered in a shape this makima does not read (is the server another version?): ${issues}`,
    null,
    json,
  );
}

/** One function per endpoint; each resolves with the answer, parsed with the schema its route answers with. */
export function makimaApi(client: ApiClient) {
  const contract = (id: string) => `/contracts/${segment(id)}`;
  const task = (id: string) => `/tasks/${segment(id)}`;
  const get = <S extends z.ZodType>(schema: S, path: string, query?: Record<string, string | number>) =>
    parsed(schema, `GET ${path}`, client.get<unknown>(path, query));
  const post = <S extends z.ZodType>(schema: S, path: string, body: unknown) =>
    parsed(schema, `POST ${path}`, client.post<unknown>(path, body));
  return {
    contract: (id: string) => get(ContractAnswer, contract(id)),
    contractStatus: (id: string) => get(ContractProgress, `${contract(id)}/status`),
    contractTasks: (id: string) => get(TaskListAnswer, `${contract(id)}/tasks`),
    spawnTask: (id: string, body: { name: string; plan: string; parentTaskId?: string }) =>
      post(TaskAnswer, `${contract(id)}/tasks`, body),
    report: (id: string, progress: string) => post(ReportAnswer, `${contract(id)}/reports`, { progress }),
    complete: (id: string) => post(ContractAnswer, `${contract(id)}/complete`, {}),
    task: (id: string) => get(TaskAnswer, task(id)),
    output: (id: string, afterSeq: number, limit = 1000) => get(OutputPage, `${task(id)}/output`, { afterSeq, limit }),
    diff: (id: string) => get(DiffAnswer, `${task(id)}/diff`),
    file: (id: string, path: string) => get(FileAnswer, `${task(id)}/file`, { path }),
    merge: (id: string, body: { to?: string; squash: boolean }) => post(MergeAnswer, `${task(id)}/merge`, body),
    resume: (id: string, body: z.input<typeof ContinueTaskBody>) => post(TaskAnswer, `${task(id)}/resume`, body),
  };
}
export type MakimaApi = ReturnType<typeof makimaApi>;
