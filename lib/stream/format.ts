/** Small display helpers for task output (the dashboard's task view and the CLI). Pure, so they are tested on their own. */

/** 12345 → "12.3 s"; 95000 → "1 min 35 s". */
export function formatDuration(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return null;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** 0.0123 → "$0.0123". */
export function formatCost(usd: number | null): string | null {
  if (usd === null || !Number.isFinite(usd)) return null;
  return `$${usd.toFixed(4)}`;
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
