import type { ConnectionState } from "./use-connection";

const labels: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
};

/** "Live" while the socket is connected, "Reconnecting…" while Socket.IO retries. */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const live = state === "live";
  return (
    <span
      role="status"
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${live ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-700"}`}
    >
      <span
        aria-hidden
        className={`h-1.5 w-1.5 rounded-full ${live ? "bg-emerald-500" : "animate-pulse bg-amber-500"}`}
      />
      {labels[state]}
    </span>
  );
}
