import type { CleanupStatus } from "@/lib/shared/protocol/ui";
import { formatBytes } from "@/lib/shared/stream/format";

export type CleanupView = { status: CleanupStatus; message: string | null };

const CLEANUP_LABELS: Record<CleanupStatus, { text: string; className: string }> = {
  pending: { text: "clean-up waiting", className: "text-amber-800" },
  sent: { text: "cleaning…", className: "text-blue-800" },
  cleaned: { text: "cleaned", className: "text-green-800" },
  already_gone: { text: "already gone", className: "text-neutral-600" },
  failed: { text: "failed", className: "text-red-800" },
};

/** Why a clean-up waits, in words: the daemon's last refusal, or the usual reasons. */
function pendingReason(message: string | null, running: boolean): string {
  if (message) return message;
  return running ? "the task is still running" : "the daemon is offline";
}

/**
 * A task's worktree in a few words: its size on disk, or where its clean-up stands (cleaned / already gone /
 * failed: reason / waiting and why).
 */
export function WorktreeState({
  bytes,
  cleanup,
  running,
}: {
  bytes: number | null;
  cleanup: CleanupView | null;
  running: boolean;
}) {
  if (!cleanup) {
    return (
      <span
        data-testid="worktree-state"
        className="tabular-nums text-neutral-700"
        title={bytes === null ? "Measured when the task ends" : undefined}
      >
        {formatBytes(bytes)}
      </span>
    );
  }
  const label = CLEANUP_LABELS[cleanup.status];
  return (
    <span
      data-testid="worktree-state"
      data-cleanup={cleanup.status}
      className={label.className}
      title={cleanup.message ?? undefined}
    >
      {cleanup.status === "failed" ? `failed: ${cleanup.message ?? "no reason given"}` : label.text}
      {cleanup.status === "pending" && (
        <span className="block text-xs">({pendingReason(cleanup.message, running)})</span>
      )}
    </span>
  );
}
