import type { ApiContract, ContractStatus } from "../api";
import { plural } from "../../shared/stream/format";
import { indent, keyValues } from "./layout";

/** A contract's fields, `key: value` a line, the description last. */
export function contractDetails(contract: ApiContract): string {
  const fields = keyValues([
    ["id", contract.id],
    ["name", contract.name],
    ["status", contract.status],
    ["repository", contract.repository],
    ["base branch", contract.baseBranch],
    ["target branch", contract.targetBranch],
    ["completion action", contract.completionAction],
    [
      "autonomous loop",
      contract.autonomousLoop ? `on (at most ${plural(contract.maxIterations, "iteration")})` : "off",
    ],
    ["created", contract.createdAt],
    ["updated", contract.updatedAt],
  ]);
  return contract.description ? `${fields}\ndescription:\n${indent(contract.description, "  ")}` : fields;
}

/** Where the contract stands: its status, its tasks counted by status, its latest progress report. */
export function renderContractStatus({ contract, tasks, latestReport }: ContractStatus): string {
  const lines = [
    `${contract.name} (${contract.id}): ${contract.status}`,
    `Tasks: ${tasks.total} (${tasks.active} active, ${tasks.finished} finished)`,
    ...Object.entries(tasks.byStatus).map(([status, count]) => `  ${status}: ${count}`),
  ];
  if (!latestReport) return [...lines, "Latest report: none"].join("\n");
  const by = latestReport.taskId ? ` by task ${latestReport.taskId}` : "";
  return [...lines, `Latest report (${latestReport.createdAt}${by}):`, indent(latestReport.progress, "  ")].join("\n");
}
