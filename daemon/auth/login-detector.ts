import { normalizeLine } from "../../lib/stream/normalize";

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
  // Most lines mention neither: skip parsing them.
  if (!line.includes(AUTHENTICATION_FAILED) && !LOGIN_LOST.test(line)) return false;
  return normalizeLine({ seq: 0, stream: "stdout", line }).some((entry) => {
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

  stdout(line: string): void {
    if (!this.seen && stdoutShowsLostLogin(line)) this.report();
  }

  stderr(line: string): void {
    if (!this.seen && stderrShowsLostLogin(line)) this.report();
  }

  private report(): void {
    this.seen = true;
    this.onLoginLost();
  }
}
