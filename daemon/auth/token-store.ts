import fs from "node:fs";
import path from "node:path";

/** The file, in the daemon's data folder, that holds the token a remote login gave (readable by its owner only). */
export const TOKEN_FILE = "claude-oauth-token";

/**
 * The long-lived token `claude setup-token` prints after a remote login. claude does not store it itself: it is
 * handed to every later claude run as CLAUDE_CODE_OAUTH_TOKEN. Kept on disk so a daemon restart keeps the login.
 */
export class ClaudeTokenStore {
  private token: string | null | undefined;

  constructor(private readonly dataDir: string) {}

  get(): string | null {
    if (this.token === undefined) {
      try {
        this.token = fs.readFileSync(path.join(this.dataDir, TOKEN_FILE), "utf8").trim() || null;
      } catch {
        this.token = null;
      }
    }
    return this.token;
  }

  save(token: string): void {
    fs.mkdirSync(this.dataDir, { recursive: true });
    const file = path.join(this.dataDir, TOKEN_FILE);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
    fs.renameSync(temporary, file);
    this.token = token;
  }

  /** What to add to a claude run's environment. */
  environment(): Record<string, string> {
    const token = this.get();
    return token ? { CLAUDE_CODE_OAUTH_TOKEN: token } : {};
  }
}
