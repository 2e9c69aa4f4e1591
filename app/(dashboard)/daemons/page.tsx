import type { Metadata } from "next";
import { DaemonTable } from "@/components/daemons/daemon-table";
import { DaemonsLive } from "@/components/daemons/daemons-live";
import { OrphanWorktreeList } from "@/components/daemons/orphan-worktree-list";
import { getDb } from "@/lib/server/db/client";
import { ASSIGNED_TASK_STATUSES } from "@/lib/shared/protocol/daemon";
import { requirePageActor } from "@/lib/server/auth/page-actor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Daemons" };

export default async function DaemonsPage() {
  await requirePageActor();
  const daemons = await getDb().daemon.findMany({
    orderBy: [{ status: "asc" }, { hostname: "asc" }],
    include: {
      tasks: {
        where: { status: { in: [...ASSIGNED_TASK_STATUSES] } },
        select: { id: true, name: true, status: true },
        orderBy: { createdAt: "asc" },
      },
      orphanWorktrees: { orderBy: { path: "asc" } },
    },
  });
  const orphans = daemons.flatMap((daemon) =>
    daemon.orphanWorktrees.map((orphan) => ({
      id: orphan.id,
      daemonHostname: daemon.hostname,
      daemonConnected: daemon.status === "connected",
      path: orphan.path,
      branch: orphan.branch,
      sizeBytes: orphan.sizeBytes,
    })),
  );
  const connected = daemons.filter((d) => d.status === "connected").length;

  return (
    <div className="space-y-5">
      <DaemonsLive />
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Daemons</h1>
        <p className="text-neutral-600">
          {connected} connected of {daemons.length}. Daemons dial in to this server and run tasks in git worktrees.
        </p>
      </div>
      {daemons.length === 0 ? (
        <p className="rounded-lg border border-dashed border-neutral-300 bg-white px-4 py-10 text-center text-neutral-600">
          No daemons have connected yet. Start one with <code className="font-mono">makima daemon</code> (
          <code className="font-mono">npm start</code> runs one for you).
        </p>
      ) : (
        <DaemonTable daemons={daemons} />
      )}
      <section aria-labelledby="orphans-heading" className="space-y-2">
        <h2 id="orphans-heading" className="text-base font-semibold">
          Orphan worktrees
        </h2>
        <OrphanWorktreeList orphans={orphans} />
      </section>
    </div>
  );
}
