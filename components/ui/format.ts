/**
 * The dashboard's dates: formatted on the server and handed to client components as text. Every other
 * display format (durations, costs, sizes, counts) lives in `lib/shared/stream/format.ts`, shared with the CLI.
 */

const pad = (n: number) => String(n).padStart(2, "0");

/** `2026-11-24 13:05:09`, in the server's local time. */
export function formatDateTime(date: Date | string | null | undefined): string {
  if (!date) return "—";
  const d = typeof date === "string" ? new Date(date) : date;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
