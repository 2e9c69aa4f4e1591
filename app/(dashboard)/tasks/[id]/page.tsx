import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/layout/breadcrumbs";
import { TaskStream } from "@/components/task-stream/task-stream";
import { TaskLive } from "@/components/tasks/task-live";
import { toTaskView } from "@/components/tasks/task-view";
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
    <div className="space-y-4">
      <Breadcrumbs trail={[{ href: `/contracts/${task.contract.id}`, label: task.contract.name }]} />
      <TaskLive
        initial={toTaskView(task, cleanups.get(task.id) ?? null)}
        name={task.name}
        plan={task.plan}
        approvals={<TaskApprovals taskId={task.id} contractId={task.contract.id} initial={approvals} />}
        output={<TaskStream taskId={task.id} />}
        changes={<TaskChanges taskId={task.id} />}
      />
    </div>
  );
}
