import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { LoginFlow, NO_LOGIN_WAITING, type AuthenticationRequired, type LoginFlowOptions } from "./login-flow";
import { LOGGED_IN_MESSAGE } from "./setup-token";

const FAKE_CLAUDE = `${process.execPath} ${fileURLToPath(new URL("../../scripts/fake-claude.mjs", import.meta.url))}`;
const FIXTURE_URL = "https://claude.ai/oauth/authorize?I4ISIH366-rOV8Oa-cUfPenn17uS85Ue9_bJp_FuPaX4";
const workDir = mkdtempSync(join(tmpdir(), "login-flow-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const flows: LoginFlow[] = [];
afterEach(async () => {
  await Promise.all(flows.splice(0).map((flow) => flow.close()));
});

let runs = 0;
/** A flow on the fake claude; `argsFile` records each setup-token it starts. */
function flow(behaviour?: string, options: Partial<LoginFlowOptions> = {}) {
  const sent: AuthenticationRequired[] = [];
  const tokens: string[] = [];
  const argsFile = join(workDir, `args-${++runs}.jsonl`);
  const created = new LoginFlow({
    claudeCommand: FAKE_CLAUDE,
    hostname: "box-1",
    send: (message) => sent.push(message),
    onToken: (token) => tokens.push(token),
    env: { ...process.env, FAKE_CLAUDE_SETUP_TOKEN: behaviour, FAKE_CLAUDE_ARGS_FILE: argsFile },
    urlTimeoutMs: 1500,
    ...options,
  });
  flows.push(created);
  const setupTokenRuns = () =>
    existsSync(argsFile)
      ? readFileSync(argsFile, "utf8")
          .split("\n")
          .filter((line) => line.includes('"setup-token"')).length
      : 0;
  return { flow: created, sent, tokens, setupTokenRuns };
}

describe("LoginFlow", () => {
  it("sends the link, types a good code in, and is idle again", async () => {
    const { flow: login, sent, tokens } = flow();
    await login.requireLogin("task-1");
    expect(sent).toEqual([
      {
        type: "authenticationRequired",
        taskId: "task-1",
        loginUrl: FIXTURE_URL,
        hostname: "box-1",
        message: "Claude on box-1 needs a login: open the link, then paste the code here.",
      },
    ]);
    expect(await login.submitCode("good-code#123")).toEqual({ ok: true, message: LOGGED_IN_MESSAGE });
    expect(tokens).toEqual([expect.stringMatching(/^sk-ant-oat01-fake[0-9a-f]{32}$/)]);
    expect(await login.submitCode("good-code#123")).toEqual({ ok: false, error: NO_LOGIN_WAITING });
  });

  it("answers a refused code with claude's error, then starts afresh on the next lost login", async () => {
    const { flow: login, sent, setupTokenRuns } = flow();
    await login.requireLogin("task-1");
    expect(await login.submitCode("bad-code")).toEqual({
      ok: false,
      error: "Error: invalid code. Please make sure the full code was copied",
    });
    await login.requireLogin("task-2");
    expect(setupTokenRuns()).toBe(2);
    expect(sent.map((message) => message.taskId)).toEqual(["task-1", "task-2"]);
  });

  it("starts no second setup-token while one is starting or waiting", async () => {
    const { flow: login, sent, setupTokenRuns } = flow();
    await Promise.all([login.requireLogin("task-1"), login.requireLogin("task-2")]);
    await login.requireLogin("task-3");
    expect(setupTokenRuns()).toBe(1);
    expect(sent.map((message) => message.taskId)).toEqual(["task-1"]);
  });

  it("answers a code when no login is waiting", async () => {
    const { flow: login } = flow();
    expect(await login.submitCode("code")).toEqual({ ok: false, error: NO_LOGIN_WAITING });
  });

  it.each(["hang", "exit", "no-url"])("sends the manual-login message when setup-token does %s", async (behaviour) => {
    const { flow: login, sent } = flow(behaviour);
    await login.requireLogin("task-1");
    expect(sent).toEqual([
      {
        type: "authenticationRequired",
        taskId: "task-1",
        loginUrl: null,
        hostname: "box-1",
        message: "Authentication required on daemon (box-1). Please run 'claude /login' on the daemon machine.",
      },
    ]);
    expect(await login.submitCode("code")).toEqual({ ok: false, error: NO_LOGIN_WAITING });
  });

  it("is free again once a link expires unanswered", async () => {
    const { flow: login, setupTokenRuns } = flow(undefined, { codeWaitMs: 300 });
    await login.requireLogin("task-1");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await login.submitCode("code")).toEqual({ ok: false, error: NO_LOGIN_WAITING });
    await login.requireLogin("task-2");
    expect(setupTokenRuns()).toBe(2);
  });

  it("close() ends a waiting setup-token and starts no more", async () => {
    const { flow: login, setupTokenRuns } = flow();
    await login.requireLogin("task-1");
    await login.close();
    expect(await login.submitCode("code")).toEqual({ ok: false, error: NO_LOGIN_WAITING });
    await login.requireLogin("task-2");
    expect(setupTokenRuns()).toBe(1);
  });
});
