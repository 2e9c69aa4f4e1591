/**
 * `claude setup-token` run under a pseudo-terminal (without one it prints nothing): its login link is read from
 * what it draws, and the code from the login page is typed into it.
 */
import { parseCommandString } from "execa";
import { spawn, type IPty } from "node-pty";
import { childEnvironment } from "../claude/args";
import { signalProcess } from "../claude/process-group";
import type { CommandWrapper } from "../claude/claude-process";

// ---- reading what a terminal program printed ---------------------------------------------------

/**
 * OSC and DCS/PM/APC strings (to BEL or ST, or the end of the text when cut short), CSI sequences (group 1: the
 * final byte), other two-byte escapes, and a lone ESC at the end.
 */
const ESCAPES =
  /\x1b\][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[P^_X][\s\S]*?(?:\x1b\\|$)|\x1b\[[0-?]*[ -/]*([@-~]|$)|\x1b[ -/]*[0-~]|\x1b$/g;
const MOVES_ALONG_LINE = "CGI`";
const MOVES_TO_LINE = "ABEFHfd";
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
/** An OSC-8 hyperlink's target: the whole URL, however the visible text is wrapped. */
const HYPERLINK_TARGET = /\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]+)(?:\x07|\x1b\\)/g;
const HTTPS_URL = /https:\/\/[^\s"'<>`\\]+/g;
/** authenticationRequired's limit on `loginUrl`: a longer one would be refused, and the fallback is better. */
const MAX_URL_LENGTH = 4096;

/**
 * The text a terminal would show, without colours and cursor moves. A move along the line becomes a space (Ink
 * places words with them), a move to another line a newline; colour changes vanish, so they never cut a word.
 */
export function stripTerminalEscapes(text: string): string {
  return text
    .replace(ESCAPES, (_escape, csiFinal?: string) => {
      if (csiFinal && MOVES_ALONG_LINE.includes(csiFinal)) return " ";
      if (csiFinal && MOVES_TO_LINE.includes(csiFinal)) return "\n";
      return "";
    })
    .replace(CONTROLS, "");
}

function isLoginUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return candidate.length <= MAX_URL_LENGTH && url.protocol === "https:" && url.pathname.includes("/oauth/authorize");
  } catch {
    return false;
  }
}

/** The first `https://…/oauth/authorize…` link in a terminal program's output (hyperlink targets first). */
export function extractLoginUrl(text: string): string | null {
  for (const [, target] of text.matchAll(HYPERLINK_TARGET)) {
    if (isLoginUrl(target)) return target;
  }
  for (const [match] of stripTerminalEscapes(text).matchAll(HTTPS_URL)) {
    const url = match.replace(/[.,;:!?)\]]+$/, "");
    if (isLoginUrl(url)) return url;
  }
  return null;
}

/**
 * The last line of output worth showing someone: not a frame, not an echo of `hidden` text, never a token. A line
 * merely containing a short hidden text stays ("code" is in "invalid code").
 */
export function lastMeaningfulLine(text: string, hidden: string[] = []): string | null {
  const echoes = (line: string, secret: string) => line === secret || (secret.length >= 8 && line.includes(secret));
  const lines = stripTerminalEscapes(text)
    .split(/[\r\n]+/)
    .map((line) =>
      line
        .replace(/[\u2500-\u257f]/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter(
      (line) => /[A-Za-z0-9]/.test(line) && !/sk-ant-/i.test(line) && !hidden.some((secret) => echoes(line, secret)),
    );
  const last = lines.at(-1);
  return last === undefined ? null : last.slice(0, 500);
}

// ---- the session --------------------------------------------------------------------------------

export interface SetupTokenOptions {
  /** The claude command line, e.g. "claude" or "node /path/fake-claude.mjs"; `setup-token` follows it. */
  command: string;
  /** The base of the child's environment (default: the daemon's), less what childEnvironment() strips. */
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  /** Runs the command through another program (the daemon's pid namespace): `<file> <args> <command> …`. */
  wrapper?: CommandWrapper | null;
  urlTimeoutMs?: number;
  answerTimeoutMs?: number;
  /** How long a printed link stays usable: after that the process is ended and the link counts as expired. */
  codeWaitMs?: number;
}

export type SetupTokenStart = { loginUrl: string } | { loginUrl: null; reason: string };
export interface SetupTokenAnswer {
  ok: boolean;
  message: string;
  /** The token claude printed after a good code (never shown, only stored). */
  token?: string;
}

const TOKEN = /sk-ant-[A-Za-z0-9_-]{8,}/;

const COLUMNS = 200;
const KILL_GRACE_MS = 1000;
/** Typed text and Enter must arrive as separate reads: a TUI takes "code\r" in one chunk as pasted text. */
const ENTER_DELAY_MS = 200;
/** Output kept while waiting for the link (it is a few kilobytes); beyond that the oldest half is dropped. */
const MAX_OUTPUT_CHARS = 1 << 20;
export const LOGGED_IN_MESSAGE = "claude setup-token created a token; tasks started from now on use it";

type State = "new" | "starting" | "waiting" | "answering" | "done";

export class SetupTokenSession {
  /** Resolves once the process is gone (or never started). */
  readonly closed: Promise<void>;
  private markClosed!: () => void;
  private pty: IPty | null = null;
  private state: State = "new";
  private output = "";
  private exitCode: number | null = null;
  private exited = false;
  private expired = false;
  private codeWaitTimer: NodeJS.Timeout | undefined;
  private readonly options: Required<Omit<SetupTokenOptions, "env" | "wrapper">> &
    Pick<SetupTokenOptions, "env" | "wrapper">;

  constructor(options: SetupTokenOptions) {
    this.options = {
      cwd: process.cwd(),
      urlTimeoutMs: 30_000,
      answerTimeoutMs: 60_000,
      codeWaitMs: 15 * 60_000,
      ...options,
    };
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  get pid(): number | undefined {
    return this.pty?.pid;
  }

  /** Never rejects: resolves with the link as soon as one is printed, or why none came (the process is then ended). */
  start(): Promise<SetupTokenStart> {
    if (this.state !== "new") throw new Error("A setup-token session starts once");
    this.state = "starting";
    const [file, ...args] = parseCommandString(this.options.command);
    const cannotStart = (why: string): Promise<SetupTokenStart> => {
      this.state = "done";
      this.finish();
      return Promise.resolve({
        loginUrl: null,
        reason: `Could not start "${this.options.command} setup-token": ${why}`,
      });
    };
    if (!file) return cannotStart("the claude command is empty");
    try {
      const wrapper = this.options.wrapper;
      const argv = [...args, "setup-token"];
      this.pty = spawn(wrapper ? wrapper.file : file, wrapper ? [...wrapper.args, file, ...argv] : argv, {
        name: "xterm-256color",
        cols: COLUMNS,
        rows: 50,
        cwd: this.options.cwd,
        env: childEnvironment(this.options.env ?? process.env),
      });
    } catch (error) {
      return cannotStart(error instanceof Error ? error.message : String(error));
    }

    return new Promise((resolve) => {
      const settle = (result: SetupTokenStart) => {
        if (this.state !== "starting") return;
        clearTimeout(urlTimer);
        if (result.loginUrl) {
          this.state = "waiting";
          this.codeWaitTimer = setTimeout(() => this.expire(), this.options.codeWaitMs);
          this.codeWaitTimer.unref();
        } else {
          this.state = "done";
          void this.close();
        }
        resolve(result);
      };
      const urlTimer = setTimeout(() => {
        // Whatever came without a newline after it is complete by now.
        const loginUrl = extractLoginUrl(this.output);
        settle(
          loginUrl
            ? { loginUrl }
            : {
                loginUrl: null,
                reason: `claude setup-token printed no login link within ${seconds(this.options.urlTimeoutMs)}`,
              },
        );
      }, this.options.urlTimeoutMs);
      urlTimer.unref();

      this.pty!.onData((data) => {
        this.output += data;
        if (this.output.length > MAX_OUTPUT_CHARS) this.output = this.output.slice(-MAX_OUTPUT_CHARS / 2);
        if (this.state !== "starting") return;
        // Only complete lines: a link cut off at the end of a chunk would look whole.
        const loginUrl = extractLoginUrl(this.output.slice(0, this.output.lastIndexOf("\n") + 1));
        if (loginUrl) settle({ loginUrl });
      });
      this.pty!.onExit(({ exitCode }) => {
        this.exitCode = exitCode;
        this.finish();
        // Gone while waiting for a code: there is nothing to type it into any more.
        if (this.state === "waiting") this.state = "done";
        const said = lastMeaningfulLine(this.output);
        settle({
          loginUrl: null,
          reason: `claude setup-token exited (code ${exitCode}) without a login link${said ? `: ${said}` : ""}`,
        });
      });
    });
  }

  /** Types the code and Enter; the login worked when claude then exits 0. The process is gone afterwards. */
  async submitCode(code: string): Promise<SetupTokenAnswer> {
    if (this.state !== "waiting") {
      if (this.expired)
        return { ok: false, message: "The login link expired: claude setup-token waited too long for a code" };
      return {
        ok: false,
        message:
          this.state === "answering"
            ? "A code is already being checked"
            : "claude setup-token is not waiting for a code",
      };
    }
    this.state = "answering";
    clearTimeout(this.codeWaitTimer);
    const answerFrom = this.output.length;
    const pty = this.pty!;
    pty.write(code);
    await delay(ENTER_DELAY_MS);
    if (!this.exited) pty.write("\r");

    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      this.closed.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.options.answerTimeoutMs))),
    ]);
    clearTimeout(timer);
    // Ink may redraw from the start of its frame: what came after the code was typed is the answer.
    const said = lastMeaningfulLine(this.output.slice(answerFrom), [code]);
    await this.close();
    if (!answered)
      return {
        ok: false,
        message: said ?? `claude setup-token did not answer within ${seconds(this.options.answerTimeoutMs)}`,
      };
    if (this.exitCode === 0) {
      const token = TOKEN.exec(stripTerminalEscapes(this.output.slice(answerFrom)))?.[0];
      return { ok: true, message: LOGGED_IN_MESSAGE, token };
    }
    return { ok: false, message: said ?? `claude setup-token failed (exit code ${this.exitCode})` };
  }

  /** Ends the process and whatever it started (its process group): SIGTERM, then SIGKILL after a grace period. */
  async close(): Promise<void> {
    clearTimeout(this.codeWaitTimer);
    // While starting, the exit settles start() itself.
    if (this.state !== "starting") this.state = "done";
    if (this.exited || !this.pty) return this.finish();
    this.signalGroup("SIGTERM");
    await Promise.race([this.closed, delay(KILL_GRACE_MS)]);
    this.signalGroup("SIGKILL");
    await this.closed;
  }

  private expire(): void {
    this.expired = true;
    void this.close();
  }

  private finish(): void {
    this.exited = true;
    clearTimeout(this.codeWaitTimer);
    this.markClosed();
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.exited || !this.pty) return;
    // The pty's child leads its own session and process group.
    signalProcess(-this.pty.pid, signal);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
