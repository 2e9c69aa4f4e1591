import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  LOGGED_IN_MESSAGE,
  SetupTokenSession,
  extractLoginUrl,
  lastMeaningfulLine,
  stripTerminalEscapes,
  type SetupTokenOptions,
} from "./setup-token";

const FIXTURE = readFileSync(new URL("../../test/fixtures/claude/setup-token.pty.txt", import.meta.url), "utf8");
const FIXTURE_URL = "https://claude.ai/oauth/authorize?I4ISIH366-rOV8Oa-cUfPenn17uS85Ue9_bJp_FuPaX4";
const workDir = mkdtempSync(join(tmpdir(), "setup-token-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const FAKE_CLAUDE = `${process.execPath} ${fileURLToPath(new URL("../../scripts/fake-claude.mjs", import.meta.url))}`;

describe("stripTerminalEscapes", () => {
  it("leaves the text the real setup-token showed, words apart", () => {
    const text = stripTerminalEscapes(FIXTURE);
    expect(text).toContain("Welcome to Claude Code v2.1.331");
    expect(text).toContain("Paste code here if prompted");
    expect(text).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
    expect(text).not.toContain("id=4ddddl");
  });

  it("drops OSC strings ended by BEL, by ST or by the end of the text, and a cut-off CSI", () => {
    expect(stripTerminalEscapes("a\x1b]0;title\x07b\x1b]8;;https://x\x1b\\c\x1b]8;;https://cut")).toBe("abc");
    expect(stripTerminalEscapes("a\x1b[1mb\x1b[22mc\x1b[3")).toBe("abc");
    expect(stripTerminalEscapes("a\x1b7b\x1b8c\x1b(Bd")).toBe("abcd");
  });
});

describe("extractLoginUrl", () => {
  it("finds the link in the real setup-token output", () => {
    expect(extractLoginUrl(FIXTURE)).toBe(FIXTURE_URL);
  });

  it("reads the visible link when there is no hyperlink, across colour changes", () => {
    const url = "https://claude.ai/oauth/authorize?code=true&client_id=abc&state=xyz";
    expect(extractLoginUrl(`Open \x1b[2m${url.slice(0, 30)}\x1b[22m${url.slice(30)}\x1b[39m\r\n`)).toBe(url);
    expect(extractLoginUrl(`Go to ${url}.`)).toBe(url);
  });

  it("takes a hyperlink's full target even when its visible text is wrapped", () => {
    const url = `https://claude.ai/oauth/authorize?state=${"x".repeat(300)}`;
    const wrapped = `\x1b]8;;${url}\x1b\\${url.slice(0, 200)}\r\n${url.slice(200)}\x1b]8;;\x1b\\\r\n`;
    expect(extractLoginUrl(wrapped)).toBe(url);
  });

  it("accepts another host's /oauth/authorize, and nothing else", () => {
    expect(extractLoginUrl("see https://console.example.com/v1/oauth/authorize?x=1 now")).toBe(
      "https://console.example.com/v1/oauth/authorize?x=1",
    );
    expect(extractLoginUrl("see https://claude.ai/login and http://claude.ai/oauth/authorize?x=1")).toBeNull();
    expect(extractLoginUrl(FIXTURE.slice(0, FIXTURE.indexOf("\x1b]8;")))).toBeNull();
    // Longer than authenticationRequired allows.
    expect(extractLoginUrl(`https://claude.ai/oauth/authorize?s=${"x".repeat(5000)}\n`)).toBeNull();
  });
});

describe("lastMeaningfulLine", () => {
  it("skips frames, blank lines, the hidden code and tokens", () => {
    const output =
      "\x1b[31mError: invalid code\x1b[39m\r\n\u2502 code-123 \u2502\r\n\u2570\u2500\u2500\u256f\r\nsk-ant-oat01-abc\r\n \r\n";
    expect(lastMeaningfulLine(output, ["code-123"])).toBe("Error: invalid code");
    expect(lastMeaningfulLine("\u2500\u2500\r\n")).toBeNull();
    expect(lastMeaningfulLine("Error: invalid code\r\n\u2502 code \u2502\r\n", ["code"])).toBe("Error: invalid code");
  });
});

describe("SetupTokenSession with the fake claude under a real pty", () => {
  const sessions: SetupTokenSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
  });

  function session(options: Partial<SetupTokenOptions> & { behaviour?: string } = {}) {
    const { behaviour, ...rest } = options;
    const created = new SetupTokenSession({
      command: FAKE_CLAUDE,
      env: { ...process.env, FAKE_CLAUDE_SETUP_TOKEN: behaviour },
      urlTimeoutMs: 1500,
      ...rest,
    });
    sessions.push(created);
    return created;
  }

  /** Whether anything of the process group the pty's child led is left. */
  const isAlive = (pid: number | undefined) => {
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it("gets the link, and a good code logs in without echoing the token", async () => {
    const login = session();
    expect(await login.start()).toEqual({ loginUrl: FIXTURE_URL });
    const answer = await login.submitCode("good-code#123");
    expect(answer).toEqual({
      ok: true,
      message: LOGGED_IN_MESSAGE,
      token: expect.stringMatching(/^sk-ant-oat01-fake/),
    });
    expect(answer.message).not.toContain("sk-ant");
    expect(isAlive(login.pid)).toBe(false);
  });

  it("reports a refused code in claude's words", async () => {
    const login = session();
    expect((await login.start()).loginUrl).toBe(FIXTURE_URL);
    expect(await login.submitCode("bad-code")).toEqual({
      ok: false,
      message: "Error: invalid code. Please make sure the full code was copied",
    });
    expect(await login.submitCode("again")).toMatchObject({ ok: false });
  });

  it.each([
    ["hang", /printed no login link within 1\.5 s/],
    ["no-url", /printed no login link within 1\.5 s/],
    ["exit", /exited \(code 1\) without a login link/],
  ])("falls back quickly when setup-token does %s, leaving no process", async (behaviour, reason) => {
    const login = session({ behaviour });
    const startedAt = Date.now();
    const result = await login.start();
    expect(result.loginUrl).toBeNull();
    expect(result).toMatchObject({ reason: expect.stringMatching(reason) });
    expect(Date.now() - startedAt).toBeLessThan(5000);
    await login.closed;
    expect(isAlive(login.pid)).toBe(false);
    expect(await login.submitCode("code")).toMatchObject({ ok: false });
  });

  it("falls back when the command cannot start", async () => {
    const login = session({ command: "/nonexistent/claude" });
    const result = await login.start();
    expect(result.loginUrl).toBeNull();
    expect(result).toMatchObject({ reason: expect.stringContaining("No such file or directory") });
  });

  it("ends a link nobody answers after codeWaitMs, and the code then counts as expired", async () => {
    const login = session({ codeWaitMs: 300 });
    expect((await login.start()).loginUrl).toBe(FIXTURE_URL);
    await login.closed;
    expect(isAlive(login.pid)).toBe(false);
    expect(await login.submitCode("good")).toEqual({ ok: false, message: expect.stringContaining("expired") });
  });

  it("close() ends a waiting setup-token", async () => {
    const login = session();
    await login.start();
    expect(isAlive(login.pid)).toBe(true);
    await login.close();
    expect(isAlive(login.pid)).toBe(false);
  });

  it("gives up on an answer after answerTimeoutMs", async () => {
    // A stand-in that prints a link, then ignores whatever is typed.
    const script = join(workDir, "silent.mjs");
    writeFileSync(
      script,
      "process.stdout.write('https://claude.ai/oauth/authorize?x=1\\r\\n'); setInterval(() => {}, 1000);\n",
    );
    const login = session({ command: `${process.execPath} ${script}`, answerTimeoutMs: 500 });
    expect((await login.start()).loginUrl).toBe("https://claude.ai/oauth/authorize?x=1");
    expect(await login.submitCode("code")).toEqual({
      ok: false,
      message: expect.stringContaining("did not answer within 0.5 s"),
    });
    expect(isAlive(login.pid)).toBe(false);
  });
});
