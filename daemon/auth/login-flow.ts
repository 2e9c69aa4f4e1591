import type { AuthCodeReply, DaemonMessage } from "../../lib/shared/protocol/daemon";
import { SetupTokenSession, type SetupTokenOptions } from "./setup-token";

export type AuthenticationRequired = Extract<DaemonMessage, { type: "authenticationRequired" }>;

export interface LoginFlowOptions
  extends Pick<SetupTokenOptions, "env" | "wrapper" | "urlTimeoutMs" | "answerTimeoutMs" | "codeWaitMs"> {
  claudeCommand: string;
  hostname: string;
  /** Delivers `authenticationRequired` to the server (through the outbox, so a reconnect does not lose it). */
  send: (message: AuthenticationRequired) => void;
  /** A login worked: claude printed this token for later runs. */
  onToken: (token: string) => void;
}

export const NO_LOGIN_WAITING = "No login is waiting on this daemon";

/**
 * The daemon's one remote login: a lost login starts `claude setup-token`, whose link goes to the server; the code
 * the server sends back is typed into it. Only one runs at a time: more tasks failing meanwhile wait for the same one.
 */
export class LoginFlow {
  private session: SetupTokenSession | null = null;
  /** The link went out and no code has been typed yet. */
  private waiting = false;
  private closed = false;

  constructor(private readonly options: LoginFlowOptions) {}

  /** Never rejects. Does nothing while a login is starting or waiting for its code. */
  async requireLogin(taskId: string): Promise<void> {
    if (this.session || this.closed) return;
    const { claudeCommand, hostname, send, onToken: _onToken, ...sessionOptions } = this.options;
    const session = new SetupTokenSession({ command: claudeCommand, ...sessionOptions });
    this.session = session;
    // However it ends (an answer, an expired link, a crash), the flow is free again.
    void session.closed.then(() => this.release(session));
    const started = await session.start();
    if (this.closed) return;
    // A link is worth sending only while its setup-token still waits for the code.
    const loginUrl = this.session === session ? started.loginUrl : null;
    if (loginUrl === null) {
      if (started.loginUrl === null) console.error(`[login] no login link: ${started.reason}`);
      this.release(session);
      send({
        type: "authenticationRequired",
        taskId,
        loginUrl: null,
        hostname,
        message: `Authentication required on daemon (${hostname}). Please run 'claude /login' on the daemon machine.`,
      });
      return;
    }
    this.waiting = true;
    send({
      type: "authenticationRequired",
      taskId,
      loginUrl,
      hostname,
      message: `Claude on ${hostname} needs a login: open the link, then paste the code here.`,
    });
  }

  async submitCode(code: string): Promise<AuthCodeReply> {
    const session = this.session;
    if (!session || !this.waiting) return { ok: false, error: NO_LOGIN_WAITING };
    this.waiting = false;
    const answer = await session.submitCode(code);
    this.release(session);
    if (answer.ok && answer.token) this.options.onToken(answer.token);
    return answer.ok ? { ok: true, message: answer.message } : { ok: false, error: answer.message };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.session?.close();
  }

  private release(session: SetupTokenSession): void {
    if (this.session !== session) return;
    this.session = null;
    this.waiting = false;
  }
}
