"use client";

import { removeOrphanWorktreeAction } from "@/lib/server/actions/daemons/remove-orphan-worktree";
import { FormMessage } from "@/components/ui/form-fields";
import { formatBytes } from "@/lib/shared/stream/format";
import { cardClass, dangerButtonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import { useCan } from "@/components/auth/role-context";

export type OrphanRow = {
  id: string;
  daemonHostname: string;
  daemonConnected: boolean;
  path: string;
  branch: string | null;
  sizeBytes: number;
};

/** Worktree folders on the daemons that no task owns, each with its size and a button to remove it. */
export function OrphanWorktreeList({ orphans }: { orphans: OrphanRow[] }) {
  if (orphans.length === 0) {
    return <p className="text-neutral-600">None: every worktree the daemons reported belongs to a task.</p>;
  }
  const total = orphans.reduce((sum, orphan) => sum + orphan.sizeBytes, 0);
  return (
    <div className="space-y-2">
      <p className="text-neutral-600">
        {orphans.length} {orphans.length === 1 ? "folder" : "folders"}, {formatBytes(total)} in all. Removing one
        commits its uncommitted work to its branch first.
      </p>
      <ul className={`${cardClass} divide-y divide-neutral-100`}>
        {orphans.map((orphan) => (
          <OrphanItem key={orphan.id} orphan={orphan} />
        ))}
      </ul>
    </div>
  );
}

function OrphanItem({ orphan }: { orphan: OrphanRow }) {
  const [state, action, pending] = useFormAction(removeOrphanWorktreeAction);
  const mayRemove = useCan("admin");
  return (
    <li data-testid="orphan-worktree" className="flex flex-wrap items-center gap-3 px-3 py-2">
      <div className="min-w-0 flex-1">
        <p className="break-all font-mono text-xs text-neutral-900">{orphan.path}</p>
        <p className="text-xs text-neutral-500">
          on {orphan.daemonHostname} ·{" "}
          {orphan.branch ? <span className="font-mono">{orphan.branch}</span> : "no branch"} ·{" "}
          <span className="tabular-nums">{formatBytes(orphan.sizeBytes)}</span>
        </p>
        <FormMessage ok={state.ok} message={state.message} />
      </div>
      {mayRemove && (
        <form action={action}>
          <input type="hidden" name="id" value={orphan.id} />
          <button
            type="submit"
            className={dangerButtonClass}
            disabled={pending || !orphan.daemonConnected}
            title={orphan.daemonConnected ? undefined : "The daemon is offline"}
            aria-label={`Remove ${orphan.path}`}
          >
            {pending ? "Removing…" : "Remove"}
          </button>
        </form>
      )}
    </li>
  );
}
