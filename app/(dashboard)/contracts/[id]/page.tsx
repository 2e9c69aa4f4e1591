import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ContractActions } from "@/components/contracts/contract-actions";
import { ContractAllowRules } from "@/components/contracts/contract-allow-rules";
import { ContractDetails } from "@/components/contracts/contract-details";
import { ContractReports } from "@/components/contracts/contract-reports";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { CleanupWorktreesButton } from "@/components/contracts/cleanup-worktrees-button";
import { ContractTaskList } from "@/components/tasks/contract-task-list";
import { isActiveTask, isAssignedTask } from "@/lib/shared/protocol/daemon";
import { NewTaskForm } from "@/components/tasks/new-task-form";
import { formatDateTime } from "@/components/ui/format";
import { cardClass } from "@/components/ui/styles";
import { readAllowRules } from "@/lib/server/contracts/allow-rules";
import { listContractReports } from "@/lib/server/contracts/contract-reports";
import { findContract } from "@/lib/server/contracts/get-contract";
import { findTaskCleanups, listContractTasks } from "@/lib/server/tasks/get-task";
import { IfCan } from "@/components/auth/role-context";
import { requirePageActor } from "@/lib/server/auth/page-actor";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePageActor();
  const contract = await findContract((await params).id);
  return { title: contract?.name ?? "Contract not found" };
}

export default async function ContractPage({ params }: Props) {
  await requirePageActor();
  const { id } = await params;
  const contract = await findContract(id);
  if (!contract) notFound();
  const tasks = await listContractTasks(id);
  const cleanups = await findTaskCleanups(tasks.map((task) => task.id));
  const reports = await listContractReports(id, 20);
  const rows = tasks.map((task) => ({
    id: task.id,
    name: task.name,
    status: task.status,
    branch: task.branch,
    autonomousLoop: task.autonomousLoop,
    isSupervisor: task.isSupervisor,
    createdAtLabel: formatDateTime(task.createdAt),
    updatedAt: task.updatedAt.toISOString(),
    worktreeBytes: task.worktreeBytes,
    cleanup: cleanups.get(task.id) ?? null,
  }));
  const removed = (taskId: string) => ["cleaned", "already_gone"].includes(cleanups.get(taskId)?.status ?? "");
  const finishedWithWorktree = tasks.filter((task) => task.branch && !isActiveTask(task.status) && !removed(task.id));
  const runningCount = tasks.filter((task) => isAssignedTask(task.status)).length;

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <Breadcrumbs />
        <h1 className="text-xl font-semibold tracking-tight">{contract.name}</h1>
        {contract.description && (
          <p className="max-w-3xl whitespace-pre-wrap text-neutral-700">{contract.description}</p>
        )}
        <IfCan role="member">
          <ContractActions
            contractId={contract.id}
            status={contract.status}
            taskCount={tasks.length}
            runningCount={runningCount}
          />
        </IfCan>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="tasks-heading" className="space-y-2">
          <h2 id="tasks-heading" className="text-base font-semibold">
            Tasks <span className="font-normal text-neutral-500">({tasks.length})</span>
          </h2>
          <ContractTaskList contractId={contract.id} tasks={rows} />
          {tasks.length > 0 && (
            <IfCan role="member">
              <CleanupWorktreesButton
                contractId={contract.id}
                finishedCount={finishedWithWorktree.length}
                runningCount={runningCount}
              />
            </IfCan>
          )}
        </section>
        <section aria-labelledby="details-heading" className="space-y-2">
          <h2 id="details-heading" className="text-base font-semibold">
            Details
          </h2>
          <ContractDetails contract={contract} />
          <h2 id="allow-rules-heading" className="pt-2 text-base font-semibold">
            Allowed tools
          </h2>
          <ContractAllowRules contractId={contract.id} rules={readAllowRules(contract)} />
          <h2 id="reports-heading" className="pt-2 text-base font-semibold">
            Progress reports
          </h2>
          <ContractReports reports={reports} taskNames={new Map(tasks.map((task) => [task.id, task.name]))} />
        </section>
      </div>
      <IfCan role="member">
        <section aria-labelledby="new-task-heading" className={`${cardClass} max-w-3xl space-y-3 p-4`}>
          <h2 id="new-task-heading" className="text-base font-semibold">
            New task
          </h2>
          <NewTaskForm contractId={contract.id} contractStatus={contract.status} />
        </section>
      </IfCan>
      <p className="text-xs text-neutral-400">Contract id {contract.id}</p>
    </div>
  );
}
