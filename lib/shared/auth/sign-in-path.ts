/** The header proxy.ts sets on every page request: the path and query the visitor asked for. */
export const REQUESTED_PATH_HEADER = "x-makima-path";

/** Where to send a visitor who is not signed in, to come back to `path` after it. */
export function signInPath(path: string | null): string {
  const local = path && localPath(path);
  return local && local !== "/" ? `/sign-in?next=${encodeURIComponent(local)}` : "/sign-in";
}

const PROBE_ORIGIN = "http://makima.invalid";

/**
 * `path` as a path of this server (pathname, query and fragment), or null when it would lead anywhere else:
 * `//evil.example`, `/\evil.example`, `https://…`, or a path whose tab or newline a browser drops (`/\t/evil.example`
 * becomes `//evil.example`). Parsed as a browser parses it, so `?next=` cannot send anyone to another site.
 */
export function localPath(path: string): string | null {
  // Control characters and backslashes have no business in a path of ours; browsers drop or rewrite them.
  if (!path.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(path)) return null;
  let url: URL;
  try {
    url = new URL(path, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PROBE_ORIGIN) return null;
  const local = url.pathname + url.search + url.hash;
  return local.startsWith("//") ? null : local;
}
