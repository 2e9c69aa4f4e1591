import type { contractJson, reportJson, taskJson } from "../api/serialize";
import type { ContractProgress } from "../contracts/contract-status";
import type { OutputLine } from "../protocol/daemon";
import type { MergeResult, RepoFile, TaskDiff } from "../protocol/worktree";
import type { ApiClient } from "./api-client";

/** The `/api/v1` answers the CLI reads, typed from the serialisers and protocol types the route handlers use. */
export type ApiTask = ReturnType<typeof taskJson>;
export type ApiContract = ReturnType<typeof contractJson>;
export type ApiReport = ReturnType<typeof reportJson>;
export type ApiOutputLine = OutputLine & { createdAt: string };
export interface OutputPage {
  lines: ApiOutputLine[];
  nextSeq: number;
  hasMore: boolean;
  status: ApiTask["status"];
}
export interface ContractStatus {
  contract: ApiContract;
  tasks: ContractProgress["tasks"];
  latestReport: ApiReport | null;
}
export type { MergeResult, RepoFile, TaskDiff };

const segment = encodeURIComponent;

/** One function per endpoint; each resolves with the answer's JSON as the API sends it. */
export function makimaApi(client: ApiClient) {
  const contract = (id: string) => `/contracts/${segment(id)}`;
  const task = (id: string) => `/tasks/${segment(id)}`;
  return {
    contract: (id: string) => client.get<{ contract: ApiContract }>(contract(id)),
    contractStatus: (id: string) => client.get<ContractStatus>(`${contract(id)}/status`),
    contractTasks: (id: string) => client.get<{ tasks: ApiTask[] }>(`${contract(id)}/tasks`),
    spawnTask: (id: string, body: { name: string; plan: string; parentTaskId?: string }) =>
      client.post<{ task: ApiTask }>(`${contract(id)}/tasks`, body),
    report: (id: string, progress: string) => client.post<{ report: ApiReport }>(`${contract(id)}/reports`, { progress }),
    complete: (id: string) => client.post<{ contract: ApiContract }>(`${contract(id)}/complete`, {}),
    task: (id: string) => client.get<{ task: ApiTask }>(task(id)),
    output: (id: string, afterSeq: number, limit = 1000) => client.get<OutputPage>(`${task(id)}/output`, { afterSeq, limit }),
    diff: (id: string) => client.get<{ diff: TaskDiff }>(`${task(id)}/diff`),
    file: (id: string, path: string) => client.get<{ file: RepoFile }>(`${task(id)}/file`, { path }),
    merge: (id: string, body: { to?: string; squash: boolean }) => client.post<{ merge: MergeResult }>(`${task(id)}/merge`, body),
  };
}
export type MakimaApi = ReturnType<typeof makimaApi>;
