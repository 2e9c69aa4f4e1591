import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { buildClaudeArgs, userMessageLine } from "../daemon/claude/args";
import { classifyLine } from "../daemon/claude/line-pipeline";
import { ASK_BEFORE_COMMANDS } from "../test/support/claude-args";

const FAKE_CLAUDE = fileURLToPath(new URL("./fake-claude.mjs", import.meta.url));
const NOT_LOGGED_IN = fileURLToPath(new URL("../test/fixtures/claude/not-logged-in.stream.jsonl", import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "fake-claude-test-")));
const worktree = join(scratch, "worktree");
mkdirSync(worktree);
writeFileSync(join(worktree, "README.md"), "# hello\n");
writeFileSync(join(worktree, "marker-file.txt"), "x\n");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface RunOptions {
  prompts?: string[];
  args?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** A parsed output line; the tests check it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the fake, checked field by field.
type Message = Record<string, any>;

/** Runs the fake with the prompts on stdin (then EOF), as the daemon does. */
async function runFake({
  prompts = ["hello"],
  args = buildClaudeArgs({ permissions: ASK_BEFORE_COMMANDS }),
  env = {},
  timeoutMs = 20_000,
}: RunOptions = {}) {
  const result = await execa("node", [FAKE_CLAUDE, ...args], {
    cwd: worktree,
    env: { FAKE_CLAUDE_SCENARIO: "", ...env },
    input: prompts.map((prompt) => `${userMessageLine(prompt)}\n`).join(""),
    reject: false,
    timeout: timeoutMs,
    maxBuffer: 100 * 1024 * 1024,
  });
  const stdoutLines = result.stdout === "" ? [] : result.stdout.split("\n");
  const stderrLines = result.stderr === "" ? [] : result.stderr.split("\n");
  return { result, stdoutLines, stderrLines };
}

/** The complete messages: the stream_event lines that write a text first are checked on their own (see below). */
function parseAll(lines: string[]): Message[] {
  return lines.map((line) => JSON.parse(line) as Message).filter((message) => message.type !== "stream_event");
}

const results = (messages: Message[]) => messages.filter((message) => message.type === "result");

describe("fake-claude", () => {
  it("text: init, tool use of ls in the cwd, tool result, final text, result", async () => {
    const { result, stdoutLines } = await runFake();
    expect(result.exitCode).toBe(0);
    const messages = parseAll(stdoutLines);
    expect(messages.map((message) => message.type)).toEqual([
      "system",
      "assistant",
      "assistant",
      "user",
      "assistant",
      "result",
    ]);

    const [init, intro, toolUse, toolResult, finalText, resultLine] = messages;
    expect(init).toMatchObject({
      subtype: "init",
      cwd: worktree,
      model: "claude-fake-1",
      permissionMode: "acceptEdits",
    });
    expect(init.session_id).toMatch(UUID);
    expect(init.tools).toContain("Bash");
    for (const message of messages) expect(message.session_id).toBe(init.session_id);

    expect(intro.message).toMatchObject({
      role: "assistant",
      model: "claude-fake-1",
      content: [{ type: "text", text: "I'll look at the repository." }],
    });
    expect(intro.message.usage.output_tokens).toBeGreaterThan(0);
    expect(toolUse.message.content[0]).toMatchObject({ type: "tool_use", name: "Bash", input: { command: "ls" } });
    expect(toolResult.message.content[0]).toEqual({
      type: "tool_result",
      tool_use_id: toolUse.message.content[0].id,
      content: "README.md\nmarker-file.txt\n",
      is_error: false,
    });
    expect(finalText.message.content[0].text).toBe("Done: the repository has 2 entries.");
    expect(resultLine).toMatchObject({
      subtype: "success",
      is_error: false,
      num_turns: 2,
      result: "Done: the repository has 2 entries.",
      total_cost_usd: 0.0123,
    });
    expect(resultLine.usage.input_tokens).toBeGreaterThan(0);
    expect(resultLine.usage.output_tokens).toBeGreaterThan(0);
  });

  it("answers each further message on stdin with an echo and another result", async () => {
    const { result, stdoutLines } = await runFake({ prompts: ["first", "second", "third\nline"] });
    expect(result.exitCode).toBe(0);
    const done = results(parseAll(stdoutLines));
    expect(done.map((message) => message.result)).toEqual([
      "Done: the repository has 2 entries.",
      "You said: second",
      "You said: third\nline",
    ]);
  });

  it("usage-limit: the limit's three signs and exit 1, then the session resumed after the reset succeeds", async () => {
    const env = {
      FAKE_CLAUDE_SCENARIO: "usage-limit",
      FAKE_CLAUDE_RESET_IN_S: "1",
      FAKE_CLAUDE_STATE_DIR: join(scratch, "limit"),
    };
    const limited = await runFake({ env });
    expect(limited.result.exitCode).toBe(1);
    const lines = limited.stdoutLines.map((line) => classifyLine("stdout", line));
    const limits = lines.filter((line) => line.usageLimit).map((line) => line.kind);
    expect(limits).toEqual(["rate_limit_event", "assistant", "result"]);
    const resetsAt = lines[1].usageLimit!.resetsAt!;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, resetsAt.getTime() - Date.now()) + 50));

    const args = buildClaudeArgs({ resumeSessionId: lines[0].sessionId!, permissions: ASK_BEFORE_COMMANDS });
    const resumed = await runFake({ args, env: { ...env, FAKE_CLAUDE_SCENARIO: "" }, prompts: ["go on"] });
    expect(resumed.result.exitCode).toBe(0);
    expect(results(parseAll(resumed.stdoutLines))[0]).toMatchObject({
      is_error: false,
      result: "Resumed after the usage limit: go on",
    });
  });

  it("uses the --resume session id and the --permission-mode", async () => {
    const args = buildClaudeArgs({
      resumeSessionId: "session-42",
      permissions: { mode: "plan", allowedTools: [] },
    });
    const messages = parseAll((await runFake({ args })).stdoutLines);
    expect(messages[0].permissionMode).toBe("plan");
    expect(new Set(messages.map((message) => message.session_id))).toEqual(new Set(["session-42"]));
  });

  it("records its argv, cwd and MAKIMA_* environment in FAKE_CLAUDE_ARGS_FILE", async () => {
    const argsFile = join(scratch, "args.jsonl");
    const args = buildClaudeArgs({
      permissions: ASK_BEFORE_COMMANDS,
      systemPrompt: "Be brief.",
      model: "opus",
      maxTurns: 3,
      continueConversation: true,
    });
    await runFake({ args: [...args, "--unknown-flag"], env: { FAKE_CLAUDE_ARGS_FILE: argsFile } });
    await runFake({ env: { FAKE_CLAUDE_ARGS_FILE: argsFile, MAKIMA_TASK_ID: "t-1", OTHER_VARIABLE: "not recorded" } });
    const records = readFileSync(argsFile, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records).toEqual([
      { argv: [...args, "--unknown-flag"], cwd: worktree, env: expect.any(Object) },
      {
        argv: buildClaudeArgs({ permissions: ASK_BEFORE_COMMANDS }),
        cwd: worktree,
        env: expect.objectContaining({ MAKIMA_TASK_ID: "t-1" }),
      },
    ]);
    expect(records[1].env).not.toHaveProperty("OTHER_VARIABLE");
  });

  it("picks the scenario from a scenario: token in the prompt", async () => {
    const { stdoutLines } = await runFake({ prompts: ["Please run scenario:tool-error now"] });
    const toolResult = parseAll(stdoutLines).find((message) => message.type === "user");
    expect(toolResult?.message.content[0]).toMatchObject({ content: "Error: command failed", is_error: true });
  });

  it("prefers FAKE_CLAUDE_SCENARIO over the prompt", async () => {
    const { stdoutLines } = await runFake({
      prompts: ["scenario:tool-error"],
      env: { FAKE_CLAUDE_SCENARIO: "non-json" },
    });
    expect(stdoutLines).toContain("plain text output");
  });

  it("shell: runs each `run` line with bash in the cwd and its environment, and reports the real output", async () => {
    const bin = join(scratch, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "makima"), '#!/bin/sh\necho "makima says $*"\n', { mode: 0o755 });
    const prompt =
      "scenario:shell\nrun ls\nrun makima --help\nrun echo $MAKIMA_TASK_ID; echo oops >&2; exit 3\nnot a command";
    const { result, stdoutLines } = await runFake({
      prompts: [prompt],
      env: { PATH: `${bin}:${process.env.PATH}`, MAKIMA_TASK_ID: "t-7" },
    });
    expect(result.exitCode).toBe(0);
    const messages = parseAll(stdoutLines);
    expect(messages.map((message) => message.type)).toEqual([
      "system",
      ...["assistant", "user", "assistant", "user", "assistant", "user"],
      "assistant",
      "result",
    ]);
    const toolUses = messages
      .filter((message) => message.message?.content?.[0]?.type === "tool_use")
      .map((message) => message.message.content[0]);
    expect(toolUses.map((block) => [block.name, block.input.command])).toEqual([
      ["Bash", "ls"],
      ["Bash", "makima --help"],
      ["Bash", "echo $MAKIMA_TASK_ID; echo oops >&2; exit 3"],
    ]);
    const toolResults = messages
      .filter((message) => message.type === "user")
      .map((message) => message.message.content[0]);
    expect(toolResults.map((block) => block.tool_use_id)).toEqual(toolUses.map((block) => block.id));
    expect(toolResults.map((block) => [block.content, block.is_error])).toEqual([
      ["README.md\nmarker-file.txt\n", false],
      ["makima says --help\n", false],
      ["t-7\noops\n", true],
    ]);
    expect(messages.at(-1)).toMatchObject({ type: "result", is_error: false, result: "Ran 3 commands; 1 failed." });
  });

  it("shell: runs the commands of follow-up messages too", async () => {
    const { stdoutLines } = await runFake({ prompts: ["scenario:shell\nrun echo one", "run echo two", "no command"] });
    const messages = parseAll(stdoutLines);
    const toolResults = messages
      .filter((message) => message.type === "user")
      .map((message) => message.message.content[0].content);
    expect(toolResults).toEqual(["one\n", "two\n"]);
    expect(results(messages).map((message) => message.result)).toEqual([
      "Ran 1 command; 0 failed.",
      "Ran 1 command; 0 failed.",
      "There was no command to run.",
    ]);
  });

  it("shell: a session resumed with --resume or --continue stays a shell session", async () => {
    const env = { FAKE_CLAUDE_STATE_DIR: join(scratch, "shell-state") };
    const first = parseAll((await runFake({ prompts: ["scenario:shell\nrun echo first"], env })).stdoutLines);
    const sessionId: string = first[0].session_id;
    const toolResultOf = (messages: Message[]) =>
      messages.find((message) => message.type === "user")?.message.content[0].content;

    const resumed = parseAll(
      (
        await runFake({
          prompts: ["run echo resumed"],
          args: buildClaudeArgs({ permissions: ASK_BEFORE_COMMANDS, resumeSessionId: sessionId }),
          env,
        })
      ).stdoutLines,
    );
    expect(resumed[0]).toMatchObject({ type: "system", subtype: "init", session_id: sessionId });
    expect(toolResultOf(resumed)).toBe("resumed\n");

    const continued = parseAll(
      (
        await runFake({
          prompts: ["run echo continued"],
          args: buildClaudeArgs({ permissions: ASK_BEFORE_COMMANDS, continueConversation: true }),
          env,
        })
      ).stdoutLines,
    );
    expect(continued[0].session_id).toBe(sessionId);
    expect(toolResultOf(continued)).toBe("continued\n");
  });

  it("long: prints every numbered line, then a result", async () => {
    const { result, stdoutLines } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "long" } });
    expect(result.exitCode).toBe(0);
    const messages = parseAll(stdoutLines);
    const texts = messages
      .filter((message) => message.type === "assistant")
      .map((message) => message.message.content[0].text);
    expect(texts).toHaveLength(10000);
    expect(texts[0]).toBe("line 1");
    expect(texts[9999]).toBe("line 10000");
    expect(messages.at(-1)).toMatchObject({ type: "result", subtype: "success", num_turns: 1 });
  });

  it("slow: spaces its lines out", async () => {
    const startedAt = Date.now();
    const { stdoutLines } = await runFake({
      env: { FAKE_CLAUDE_SCENARIO: "slow", FAKE_CLAUDE_LINES: "20", FAKE_CLAUDE_DELAY_MS: "10" },
    });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
    expect(parseAll(stdoutLines).filter((message) => message.type === "assistant")).toHaveLength(20);
  });

  it("bench: numbered lines stamped with the time they were printed, then a result", async () => {
    const startedAt = performance.timeOrigin + performance.now();
    const { result, stdoutLines } = await runFake({ prompts: ["scenario:bench"], env: { FAKE_CLAUDE_LINES: "50" } });
    const finishedAt = performance.timeOrigin + performance.now();
    expect(result.exitCode).toBe(0);
    const messages = parseAll(stdoutLines);
    const texts: string[] = messages
      .filter((message) => message.type === "assistant")
      .map((message) => message.message.content[0].text);
    const stamps = texts.map((text, i) => {
      const match = /^bench (\d+) t=(\d+(?:\.\d+)?)$/.exec(text);
      expect(match?.[1]).toBe(String(i + 1));
      return Number(match?.[2]);
    });
    expect(stamps).toHaveLength(50);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(stamps[0]).toBeGreaterThanOrEqual(startedAt);
    expect(stamps[49]).toBeLessThanOrEqual(finishedAt);
    expect(messages.at(-1)).toMatchObject({ type: "result", subtype: "success" });
  });

  it("bench: records what it printed as it prints, and a session resumed after a SIGKILL goes on after it", async () => {
    const stateDir = join(scratch, "bench-state");
    const env = { FAKE_CLAUDE_STATE_DIR: stateDir, FAKE_CLAUDE_LINES: "400", FAKE_CLAUDE_RATE: "400" };
    const benchNumbers = (lines: string[]) =>
      lines
        .map((line) => /"text":"bench (\d+) t=/.exec(line)?.[1])
        .filter((number) => number !== undefined)
        .map(Number);
    const record = (sessionId: string) =>
      JSON.parse(readFileSync(join(stateDir, `session-${sessionId}.json`), "utf8")) as {
        scenario: string;
        cwd: string;
        printed: number;
        runs: Array<{ from: number; startedAt: number }>;
      };

    // Killed mid-way, as a SIGKILLed daemon's pid namespace kills it.
    const killed = execa("node", [FAKE_CLAUDE, ...buildClaudeArgs({ permissions: ASK_BEFORE_COMMANDS })], {
      cwd: worktree,
      env: { FAKE_CLAUDE_SCENARIO: "", ...env },
      input: `${userMessageLine("scenario:bench")}\n`,
      reject: false,
    });
    let seen = "";
    await new Promise<void>((resolve) =>
      killed.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (benchNumbers(seen.split("\n")).length >= 50) resolve();
      }),
    );
    killed.kill("SIGKILL");
    await killed;
    const printed = benchNumbers(seen.split("\n").slice(0, -1));
    const sessionId: string = JSON.parse(seen.split("\n")[0]).session_id;
    const afterKill = record(sessionId);
    expect(afterKill).toMatchObject({ scenario: "bench", cwd: worktree, runs: [{ from: 1 }] });
    expect(afterKill.printed).toBeGreaterThanOrEqual(printed.at(-1)!);
    expect(afterKill.printed).toBeLessThan(400);

    // The resumed run is told to go on (no scenario in its prompt): the record says it is a bench session.
    const { result, stdoutLines } = await runFake({
      prompts: ["Go on where you stopped."],
      args: buildClaudeArgs({ permissions: ASK_BEFORE_COMMANDS, resumeSessionId: sessionId }),
      env,
    });
    expect(result.exitCode).toBe(0);
    const resumed = benchNumbers(stdoutLines);
    expect(resumed).toEqual(Array.from({ length: 400 - afterKill.printed }, (_, i) => afterKill.printed + 1 + i));
    expect(JSON.parse(stdoutLines[0])).toMatchObject({ subtype: "init", session_id: sessionId });
    expect(JSON.parse(stdoutLines.at(-1)!)).toMatchObject({
      type: "result",
      result: `Printed lines ${afterKill.printed + 1} to 400.`,
    });
    const done = record(sessionId);
    expect(done.printed).toBe(400);
    expect(done.runs.map((run) => run.from)).toEqual([1, afterKill.printed + 1]);
  });

  it("fail: stderr and exit 1 without a result", async () => {
    const { result, stdoutLines, stderrLines } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "fail" } });
    expect(result.exitCode).toBe(1);
    expect(stderrLines).toEqual(["fatal: something went wrong"]);
    expect(parseAll(stdoutLines).map((message) => message.type)).toEqual(["system", "assistant"]);
  });

  it("error-result: an error result, exit 1", async () => {
    const { result, stdoutLines } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "error-result" } });
    expect(result.exitCode).toBe(1);
    expect(results(parseAll(stdoutLines))).toEqual([
      expect.objectContaining({ subtype: "error_during_execution", is_error: true, result: "Execution failed" }),
    ]);
  });

  it("hang: prints nothing and does not exit, even when stdin closes", async () => {
    for (const run of [{ env: { FAKE_CLAUDE_SCENARIO: "hang" } }, { prompts: ["scenario:hang"] }]) {
      const { result } = await runFake({ ...run, timeoutMs: 700 });
      expect(result.timedOut).toBe(true);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe("");
    }
  });

  it("exit-silent: exits 3 with no output", async () => {
    const { result } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "exit-silent" } });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("");
  });

  it("silent and silent-tool: a silence of FAKE_CLAUDE_SILENT_MS, without and with a tool call open", async () => {
    const env = { FAKE_CLAUDE_SILENT_MS: "300" };
    const startedAt = Date.now();
    const silent = parseAll((await runFake({ prompts: ["scenario:silent"], env })).stdoutLines);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(silent.map((message) => message.type)).toEqual(["system", "assistant", "assistant", "result"]);
    expect(silent.at(-1)?.result).toBe("Back after a long silence.");

    const withTool = parseAll((await runFake({ prompts: ["scenario:silent-tool"], env })).stdoutLines);
    expect(withTool.map((message) => message.type)).toEqual(["system", "assistant", "user", "assistant", "result"]);
    const toolUse = withTool[1].message.content[0];
    expect(toolUse).toMatchObject({ type: "tool_use", name: "Bash", input: { command: "sleep 0.3" } });
    expect(withTool[2].message.content[0]).toMatchObject({ type: "tool_result", tool_use_id: toolUse.id });
  });

  it("silent: by default stays quiet far longer than a test waits", async () => {
    const { result, stdoutLines } = await runFake({ prompts: ["scenario:silent"], timeoutMs: 700 });
    expect(result.timedOut).toBe(true);
    expect(parseAll(stdoutLines).map((message) => message.type)).toEqual(["system", "assistant"]);
  });

  it("not-logged-in: replays the real CLI's transcript and exits 1", async () => {
    const { result, stdoutLines } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "not-logged-in" } });
    expect(result.exitCode).toBe(1);
    expect(stdoutLines).toEqual(readFileSync(NOT_LOGGED_IN, "utf8").trim().split("\n"));
    const [, assistant, resultLine] = parseAll(stdoutLines);
    expect(assistant.error).toBe("authentication_failed");
    expect(resultLine).toMatchObject({ type: "result", is_error: true, result: "Not logged in · Please run /login" });
  });

  it("stderr: stderr lines besides a normal run", async () => {
    const { result, stdoutLines, stderrLines } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "stderr" } });
    expect(result.exitCode).toBe(0);
    expect(stderrLines.length).toBeGreaterThanOrEqual(2);
    expect(results(parseAll(stdoutLines))).toHaveLength(1);
  });

  it("non-json: odd lines, then a result", async () => {
    const { stdoutLines } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "non-json" } });
    expect(stdoutLines).toContain("plain text output");
    expect(stdoutLines).toContain("{broken json");
    expect(stdoutLines).toContain('{"type":"mystery","data":1}');
    expect(JSON.parse(stdoutLines.at(-1) ?? "")).toMatchObject({ type: "result", subtype: "success" });
  });

  it("huge-line: one assistant line over 2 MiB, then a result", async () => {
    const { stdoutLines } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "huge-line" } });
    const messages = parseAll(stdoutLines);
    expect(messages.map((message) => message.type)).toEqual(["system", "assistant", "result"]);
    expect(stdoutLines.find((line) => line.startsWith('{"type":"assistant"'))!.length).toBeGreaterThan(2 * 1024 * 1024);
    // Written in big deltas, not in hundreds of thousands of lines.
    expect(stdoutLines.length).toBeLessThan(120);
  });

  it("env: its environment as plain stdout lines, on one stderr line and as a Bash tool's result", async () => {
    const secret = 'quote"and\\backslash';
    const { result, stdoutLines, stderrLines } = await runFake({
      prompts: ["scenario:env"],
      env: { SOME_SERVICE_TOKEN: secret },
    });
    expect(result.exitCode).toBe(0);
    expect(stdoutLines).toContain(`SOME_SERVICE_TOKEN=${secret}`);
    expect(stderrLines).toEqual([expect.stringMatching(/^environment: .*SOME_SERVICE_TOKEN=quote"and\\backslash/)]);
    const messages = parseAll(stdoutLines.filter((line) => line.startsWith("{")));
    expect(messages.map((message) => message.type)).toEqual(["system", "assistant", "user", "assistant", "result"]);
    expect(messages[1].message.content[0]).toMatchObject({ type: "tool_use", name: "Bash", input: { command: "env" } });
    expect(messages[2].message.content[0].content.split("\n")).toContain(`SOME_SERVICE_TOKEN=${secret}`);
  });

  it("--include-partial-messages: types each text as stream_event lines, its assistant line before the block stops", async () => {
    const { stdoutLines } = await runFake({ env: { FAKE_CLAUDE_DELTA_CHARS: "5" } });
    const all = stdoutLines.map((line) => JSON.parse(line) as Message);
    const final = all.findLast((message) => message.type === "assistant")!;
    const finalAt = all.indexOf(final);
    const typed = all.slice(
      all.findIndex((message) => message.type === "stream_event"),
      finalAt + 4,
    );
    const events = typed.map((message) => (message.type === "stream_event" ? message.event.type : message.type));
    const deltas = typed.filter((message) => message.event?.type === "content_block_delta");
    expect(events).toEqual([
      "message_start",
      "content_block_start",
      ...deltas.map(() => "content_block_delta"),
      "assistant",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(typed[0].event.message.id).toBe(final.message.id);
    const text: string = final.message.content[0].text;
    expect(deltas.map((message) => message.event.delta.text)).toEqual(text.match(/.{1,5}/gs));
    for (const message of typed)
      expect(message).toMatchObject({ parent_tool_use_id: null, session_id: final.session_id });

    const plain = await runFake({ args: ["-p", "--output-format", "stream-json", "--input-format", "stream-json"] });
    expect(plain.stdoutLines.filter((line) => line.includes('"stream_event"'))).toEqual([]);
  });

  it("typing: a message typed FAKE_CLAUDE_DELTA_DELAY_MS apart, then a delta for a block never started", async () => {
    const startedAt = Date.now();
    const { result, stdoutLines } = await runFake({
      prompts: ["scenario:typing"],
      env: { FAKE_CLAUDE_DELTA_DELAY_MS: "20" },
    });
    expect(result.exitCode).toBe(0);
    const all = stdoutLines.map((line) => JSON.parse(line) as Message);
    expect(all[1].event.type).toBe("message_start");
    expect(all.at(-3)?.event.type).toBe("message_stop");
    expect(all.at(-2)).toMatchObject({ type: "stream_event", event: { type: "content_block_delta", index: 7 } });
    const deltas = all.filter((message) => message.event?.type === "content_block_delta" && message.event.index === 0);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(deltas.length * 20 + 1000);
    expect(parseAll(stdoutLines).map((message) => message.type)).toEqual(["system", "assistant", "result"]);
  });

  it("rejects an unknown scenario", async () => {
    const { result } = await runFake({ env: { FAKE_CLAUDE_SCENARIO: "nope" } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown scenario "nope"');
  });
});
