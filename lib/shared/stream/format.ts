/**
 * The one home of display formatting shared by the dashboard, the CLI and the daemon: durations, costs, sizes,
 * counts, plurals and the task output's tool hints. Pure and React-free, so it runs anywhere and is tested on its own.
 * (Dates are the dashboard's own: `formatDateTime` in `components/ui/format.ts` prints the server's local time.)
 */

/** 12345 → "12.3 s"; 95000 → "1 min 35 s". */
export function formatDuration(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return null;
  const seconds = ms / 1000;
  // Rounded before it is split, so 119.6 s reads "2 min 0 s", not "1 min 60 s" (and 59.97 s not "60.0 s").
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** 0.0123 → "$0.0123". */
export function formatCost(usd: number | null): string | null {
  if (usd === null || !Number.isFinite(usd)) return null;
  return `$${usd.toFixed(4)}`;
}

/** `512 B`, `4.0 KB`, `1.3 GB` (powers of 1024, as `du -h` counts); "—" when unknown. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `1048576` → `1,048,576`. */
const pad2 = (n: number) => String(n).padStart(2, "0");

/** A time of day in this machine's local time: "15:00" today, "2026-12-02 15:00" on another day. */
export function formatClock(date: Date, now: Date = new Date()): string {
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
  if (date.toDateString() === now.toDateString()) return time;
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${time}`;
}

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** 1 → "1 file", 2 → "2 files". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

export function formatTurns(turns: number | null): string | null {
  if (turns === null) return null;
  return plural(turns, "turn");
}

/** A one-line hint of what a tool call does: its command, path, pattern, url or description. */
export function toolHint(input: unknown, max = 120): string {
  if (typeof input !== "object" || input === null) return "";
  const fields = input as Record<string, unknown>;
  for (const key of ["command", "file_path", "path", "pattern", "url", "query", "description", "prompt"]) {
    const value = fields[key];
    if (typeof value === "string" && value.trim()) return oneLine(value, max);
  }
  return "";
}

export function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Long enough that a tool result starts collapsed. */
export function isLong(text: string): boolean {
  if (text.length > 1500) return true;
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1 && lines <= 12; i = text.indexOf("\n", i + 1)) lines++;
  return lines > 12;
}

export function prettyInput(input: unknown): string {
  try {
    return JSON.stringify(input, null, 2) ?? String(input);
  } catch {
    return String(input);
  }
}
