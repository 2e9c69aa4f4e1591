/** The header proxy.ts sets on every page request: the path and query the visitor asked for. */
export const REQUESTED_PATH_HEADER = "x-makima-path";

/** Where to send a visitor who is not signed in, to come back to `path` after it. */
export function signInPath(path: string | null): string {
  return path && isLocalPath(path) && path !== "/" ? `/sign-in?next=${encodeURIComponent(path)}` : "/sign-in";
}

/** Only a path on this server: never `//evil.example` or `https://…`, so `?next=` cannot send anyone elsewhere. */
export function isLocalPath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
}
