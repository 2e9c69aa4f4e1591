import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { TaskStream } from "@/components/task-stream/task-stream";
import { TaskLive } from "@/components/tasks/task-live";
import { toTaskView } from "@/components/tasks/task-view";
import { cardClass } from "@/components/ui/styles";
import { TaskChanges } from "@/components/tasks/task-changes";
import { TaskApprovals } from "@/components/approvals/task-approvals";
import { listTaskApprovals } from "@/lib/server/approvals/list-approvals";
import { findTaskCleanups, findTaskDetails } from "@/lib/server/tasks/get-task";
import { requirePageActor } from "@/lib/server/auth/page-actor";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePageActor();
  const task = await findTaskDetails((await params).id);
  return { title: task?.name ?? "Task not found" };
}

export default async function TaskPage({ params }: Props) {
  await requirePageActor();
  const { id } = await params;
  const task = await findTaskDetails(id);
  if (!task) notFound();
  const [cleanups, approvals] = await Promise.all([findTaskCleanups([task.id]), listTaskApprovals(task.id)]);

  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <Breadcrumbs trail={[{ href: `/contracts/${task.contract.id}`, label: task.contract.name }]} />
        <h1 className="text-xl font-semibold tracking-tight">{task.name}</h1>
      </div>
      <TaskLive initial={toTaskView(task, cleanups.get(task.id) ?? null)} />
      <TaskApprovals taskId={task.id} contractId={task.contract.id} initial={approvals} />
      <details className={`${cardClass} px-3 py-2`}>
        <summary className="cursor-pointer font-medium text-neutral-700">Plan</summary>
        <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap font-mono text-xs text-neutral-800">
          {task.plan}
        </pre>
      </details>
      <TaskChanges taskId={task.id} />
      <section aria-labelledby="output-heading" className="space-y-2">
        <h2 id="output-heading" className="text-base font-semibold">
          Output
        </h2>
        <TaskStream taskId={task.id} />
      </section>
    </div>
  );
}
