import type { StreamEntry } from "../../lib/shared/stream/entry";
import { normalizeLine } from "../../lib/shared/stream/normalize";

/**
 * What the real CLI says when its login is gone (test/fixtures/claude/not-logged-in.stream.jsonl and others). The one
 * list: daemon/loop/auth-failure.ts uses it too.
 */
const LOGIN_LOST = /Please run \/login|Invalid API key|OAuth token has expired|OAuth session expired|Not logged in/i;

/** The `error` an assistant line carries when the API refused the credentials. */
const AUTHENTICATION_FAILED = "authentication_failed";

export function mentionsLostLogin(text: string | null | undefined): boolean {
  return !!text && LOGIN_LOST.test(text);
}

/**
 * A stdout line saying the login is gone: an assistant line flagged `error: "authentication_failed"`, or one of the
 * phrases in assistant text or a result. Tool results and user text do not count: a file claude read may say anything.
 */
export function stdoutShowsLostLogin(line: string): boolean {
  return entriesShowLostLogin(line, () => normalizeLine({ seq: 0, stream: "stdout", line }));
}

/**
 * `stdoutShowsLostLogin` for a line whose entries are at hand (the daemon's line pipeline has them): `entries` is
 * called only for a line that mentions a lost login at all.
 */
export function entriesShowLostLogin(line: string, entries: () => readonly StreamEntry[]): boolean {
  // Most lines mention neither: skip reading them.
  if (!line.includes(AUTHENTICATION_FAILED) && !LOGIN_LOST.test(line)) return false;
  return entries().some((entry) => {
    switch (entry.kind) {
      case "apiError":
        return entry.error === AUTHENTICATION_FAILED || mentionsLostLogin(entry.text);
      case "assistantText":
      case "result":
        return mentionsLostLogin(entry.text);
      default:
        return false;
    }
  });
}

export const stderrShowsLostLogin = mentionsLostLogin;

/** Watches one task's claude output (across all its runs) and reports a lost login once, at its first sign. */
export class LoginDetector {
  private seen = false;

  constructor(private readonly onLoginLost: () => void) {}

  get detected(): boolean {
    return this.seen;
  }

  /** One line of claude's, as the daemon's line pipeline classified it (daemon/claude/line-pipeline.ts). */
  line(line: { loginLost: boolean }): void {
    if (!this.seen && line.loginLost) this.report();
  }

  stdout(line: string): void {
    if (!this.seen) this.line({ loginLost: stdoutShowsLostLogin(line) });
  }

  stderr(line: string): void {
    if (!this.seen) this.line({ loginLost: stderrShowsLostLogin(line) });
  }

  private report(): void {
    this.seen = true;
    this.onLoginLost();
  }
}
