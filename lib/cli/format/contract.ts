import type { ApiContract, ContractStatus } from "../api";
import { plural } from "../../shared/stream/format";
import { indent, keyValues } from "./layout";

/** A contract's fields, `key: value` a line (the allowed tools one a line when there are several), the description last. */
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
    [
      "permissions",
      contract.permissionMode === "bypassPermissions"
        ? `${contract.permissionMode} (dangerous: runs any command without asking)`
        : contract.permissionMode,
    ],
    ["allowed tools", contract.allowRules.length > 0 ? contract.allowRules.join("\n") : "none"],
    [
      "deny after",
      contract.denyUnansweredAfterMinutes === null
        ? "never (a request waits for an answer)"
        : `${plural(contract.denyUnansweredAfterMinutes, "minute")} unanswered`,
    ],
    ["auto resume", contract.autoResume ? "on (an interrupted task, at most 3 times)" : "off"],
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
