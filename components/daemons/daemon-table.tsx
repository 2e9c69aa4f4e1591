import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import { linkClass } from "@/components/ui/styles";
import type { DaemonStatus as DaemonState, TaskStatus } from "@/lib/generated/prisma/enums";
import { DataTable } from "@/components/ui/data-table";

export type DaemonRow = {
  id: string;
  hostname: string;
  status: DaemonState;
  capacity: number;
  version: string;
  runsAsRoot: boolean;
  sandboxed: boolean;
  /** Times `makima start` restarted it after a crash. */
  restarts: number;
  lastHeartbeatAt: Date;
  disconnectedAt: Date | null;
  tasks: { id: string; name: string; status: TaskStatus }[];
};

function DaemonStatus({ daemon }: { daemon: DaemonRow }) {
  const connected = daemon.status === "connected";
  return (
    <div>
      <span
        data-testid="daemon-status"
        className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 font-mono text-xs font-medium ring-1 ring-inset ${
          connected ? "bg-green-50 text-green-800 ring-green-300" : "bg-neutral-100 text-neutral-600 ring-neutral-300"
        }`}
      >
        <span aria-hidden className={`size-1.5 rounded-full ${connected ? "bg-green-600" : "bg-neutral-400"}`} />
        {daemon.status}
      </span>
      {!connected && daemon.disconnectedAt && (
        <p className="mt-0.5 text-xs text-neutral-500">disconnected since {formatDateTime(daemon.disconnectedAt)}</p>
      )}
      {daemon.restarts > 0 && (
        <p data-testid="daemon-restarts" className="mt-0.5 text-xs text-amber-800">
          restarted {daemon.restarts === 1 ? "once" : `${daemon.restarts} times`} by makima start
        </p>
      )}
    </div>
  );
}

/** As whom and where claude runs there: root without the sandbox cannot run Allow everything tasks. */
function RunsClaude({ daemon }: { daemon: Pick<DaemonRow, "runsAsRoot" | "sandboxed"> }) {
  const where = daemon.sandboxed ? "in the sandbox" : "without a sandbox";
  return (
    <>
      <span>
        {daemon.runsAsRoot ? "as root" : "as a normal user"}, {where}
      </span>
      {daemon.runsAsRoot && !daemon.sandboxed && (
        <p className="mt-0.5 text-amber-800">Allow everything tasks fail here: claude refuses it as root.</p>
      )}
    </>
  );
}

/** Every daemon that has connected once: where it runs, whether it is there now, and what it is running. */
export function DaemonTable({ daemons }: { daemons: DaemonRow[] }) {
  return (
    <DataTable
      caption="Daemons"
      columns={[
        { label: "Hostname" },
        { label: "Status" },
        { label: "Capacity", align: "right" },
        { label: "Running tasks" },
        { label: "Runs claude" },
        { label: "Version" },
        { label: "Last heartbeat" },
      ]}
    >
      {daemons.map((daemon) => (
        <tr key={daemon.id} data-testid="daemon-row" className="align-top hover:bg-neutral-50">
          <td className="px-3 py-2 font-medium">{daemon.hostname}</td>
          <td className="px-3 py-2">
            <DaemonStatus daemon={daemon} />
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{daemon.capacity}</td>
          <td className="px-3 py-2">
            <span className="tabular-nums">
              {daemon.tasks.length} / {daemon.capacity}
            </span>
            {daemon.tasks.length > 0 && (
              <ul className="mt-1 space-y-0.5">
                {daemon.tasks.map((task) => (
                  <li key={task.id}>
                    <Link href={`/tasks/${task.id}`} className={linkClass}>
                      {task.name}
                    </Link>{" "}
                    <span className="text-xs text-neutral-500">({task.status})</span>
                  </li>
                ))}
              </ul>
            )}
          </td>
          <td className="px-3 py-2 text-xs text-neutral-700" data-testid="daemon-sandbox">
            <RunsClaude daemon={daemon} />
          </td>
          <td className="px-3 py-2 font-mono text-xs text-neutral-600">{daemon.version || "—"}</td>
          <td className="whitespace-nowrap px-3 py-2 tabular-nums text-neutral-600">
            {formatDateTime(daemon.lastHeartbeatAt)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
