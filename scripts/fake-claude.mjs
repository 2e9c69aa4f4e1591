#!/usr/bin/env node
/**
 * A stand-in for the `claude` CLI in tests: accepts its flags and, like
 * `claude -p --input-format stream-json --output-format stream-json --verbose`, reads user messages
 * on stdin and prints one JSON object per line, shaped like the real CLI's. After a `result` it
 * waits for more messages (each is answered "You said: <text>"); it exits when stdin closes.
 *
 * Scenario: env FAKE_CLAUDE_SCENARIO, else a `scenario:<name>` token in the first prompt, else `text`.
 *   text           init, text, Bash tool_use `ls`, tool_result (the real `ls` of the cwd), text, result
 *   tool-error     like text, but the tool_result is an error
 *   long           FAKE_CLAUDE_LINES (default 10000) assistant lines "line 1" … "line N", result
 *   slow           like long, FAKE_CLAUDE_LINES (default 400), FAKE_CLAUDE_DELAY_MS (default 5) between lines
 *   bench          FAKE_CLAUDE_LINES (default 5000) assistant lines "bench <i> t=<epoch ms>", each stamped with the
 *                  time it was printed (for bench/relay.ts), result; FAKE_CLAUDE_RATE paces them (lines per
 *                  second, default unpaced), FAKE_CLAUDE_START_FILE holds them until that file exists
 *   fail           init, text, "fatal: something went wrong" on stderr, exit 1 without a result
 *   error-result   init, result error_during_execution; exit 1 when stdin closes
 *   hang           prints nothing, never exits
 *   exit-silent    prints nothing, exits 3 at once
 *   not-logged-in  the real CLI's not-logged-in transcript (test/fixtures/claude); exit 1 when stdin closes
 *   needs-login    like not-logged-in, unless CLAUDE_CODE_OAUTH_TOKEN holds a token the fake setup-token printed:
 *                  then like text (a task restarted after a remote login succeeds)
 *   stderr         stderr lines between the stdout lines, result
 *   non-json       non-JSON lines and an unknown message type, result
 *   huge-line      one assistant line over 2 MiB, result
 *   env            its environment as `env` prints it (NAME=value, sorted): one plain stdout line per variable, all of
 *                  them on one stderr line, and as the tool_result of a Bash tool call `env`; then a text and a result
 *   edit           follows the prompt's lines `write <path> <text>` (the file becomes that text and a newline)
 *                  and `commit <message>` (git add -A, git commit) in the cwd, one Write/Bash tool call each
 *   shell          follows every message's lines `run <command>`: one Bash tool call each, run for real with `bash -c` in
 *                  the cwd and claude's environment (so `makima …` goes through its PATH), its stdout and stderr as the
 *                  tool_result (an error when it exits non-zero); then a text and a result. Follow-up messages too,
 *                  and a resumed session (`--resume`, `--continue`) stays a shell session
 *   loop-ready-3   autonomous loop: iterations 1-2 change a file and end with a not-ready COMPLETION_GATE, 3 is ready
 *   loop-never-ready       changes a file every iteration, never ready (different blockers)
 *   loop-same-error        changes a file every iteration, the same blocker every time
 *   loop-no-progress       changes nothing, the same progress text, a different blocker every time
 *   loop-crash-2           like loop-ready-3, but iteration 2 exits 1 without a result
 *   A loop or shell scenario remembers its session (FAKE_CLAUDE_STATE_DIR, default <tmp>/makima-fake-claude) so that
 *   `--resume <id>` or `--continue` (the cwd's last session) carries on: a loop at its next iteration, a shell session
 *   running the commands of the new message.
 *
 * FAKE_CLAUDE_ARGS_FILE: append {"argv":[…],"cwd":"…","env":{MAKIMA_* variables}} as one line to that file, for tests
 * to check the flags and what the daemon told claude about the API.
 *
 * `fake-claude setup-token` acts like `claude setup-token`. Under a terminal it prints the real one's screen
 * (test/fixtures/claude/setup-token.pty.txt: the login link inside OSC-8 hyperlink escapes), reads a code typed
 * there (raw, up to Enter), then prints a success line and a fake token (sk-ant-oat01-fake…) and exits 0; a code
 * starting with "bad" gets "Error: invalid code …" and exit 1. Without a terminal it prints nothing and waits,
 * exiting 1 when stdin closes. FAKE_CLAUDE_SETUP_TOKEN picks a misbehaviour instead:
 *   hang     prints nothing, never exits
 *   exit     exits 1 at once
 *   no-url   prints the welcome text without the link, then waits for ever
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";

const MODEL = "claude-fake-1";
const NOT_LOGGED_IN_FIXTURE = new URL("../test/fixtures/claude/not-logged-in.stream.jsonl", import.meta.url);
const SETUP_TOKEN_FIXTURE = new URL("../test/fixtures/claude/setup-token.pty.txt", import.meta.url);
const FLAGS_WITH_VALUE = new Set([
  "--output-format",
  "--input-format",
  "--append-system-prompt",
  "--permission-mode",
  "--model",
  "--max-turns",
  "--resume",
]);

const argv = process.argv.slice(2);
const flags = parseFlags(argv);
const STATE_DIR = process.env.FAKE_CLAUDE_STATE_DIR || join(tmpdir(), "makima-fake-claude");
const cwdKey = createHash("sha256").update(process.cwd()).digest("hex").slice(0, 16);
const sessionId =
  flags["--resume"] ?? (flags["--continue"] ? readState(`cwd-${cwdKey}`)?.sessionId : undefined) ?? randomUUID();
/** What a loop scenario remembers of its session between runs: { scenario, iteration }. */
const session = readState(`session-${sessionId}`);

function readState(name) {
  try {
    return JSON.parse(readFileSync(join(STATE_DIR, `${name}.json`), "utf8"));
  } catch {
    return undefined;
  }
}

function writeState(name, value) {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(join(STATE_DIR, `${name}.json`), JSON.stringify(value));
}

function parseFlags(args) {
  const parsed = {};
  for (let i = 0; i < args.length; i++) {
    const [name, inlineValue] = args[i].split(/=(.*)/s);
    if (FLAGS_WITH_VALUE.has(name)) {
      parsed[name] = inlineValue ?? args[++i];
    } else if (name.startsWith("-")) {
      // -p, --print, --verbose, --continue, --dangerously-skip-permissions; unknown flags are ignored.
      parsed[name] = true;
    }
  }
  return parsed;
}

function numberFromEnv(name, fallback) {
  const value = Number.parseInt(process.env[name] ?? "", 10);
  return Number.isNaN(value) ? fallback : value;
}

// ---- output -------------------------------------------------------------------------------------

async function writeLine(stream, line) {
  if (!stream.write(`${line}\n`)) await once(stream, "drain");
}

const printJson = (object) => writeLine(process.stdout, JSON.stringify(object));
const printStderr = (line) => writeLine(process.stderr, line);

/** Exits once everything written so far has been handed to the pipes. */
async function exitAfterFlush(code) {
  await new Promise((resolve) => process.stdout.write("", resolve));
  await new Promise((resolve) => process.stderr.write("", resolve));
  process.exit(code);
}

// The reader went away: nothing left to say to anyone.
process.stdout.on("error", () => process.exit(1));

function printInit() {
  const permissionMode =
    flags["--permission-mode"] ?? (flags["--dangerously-skip-permissions"] ? "bypassPermissions" : "default");
  return printJson({
    type: "system",
    subtype: "init",
    cwd: process.cwd(),
    session_id: sessionId,
    tools: ["Task", "Bash", "Glob", "Grep", "Read", "Edit", "Write", "WebFetch", "TodoWrite"],
    mcp_servers: [],
    model: MODEL,
    permissionMode,
    slash_commands: [],
    apiKeySource: "none",
    claude_code_version: "2.1.0-fake",
    output_style: "default",
    uuid: randomUUID(),
  });
}

/** One answer to one user message: its assistant messages and their token usage, then a result. */
class Turn {
  startedAt = Date.now();
  messages = 0;
  inputTokens = 0;
  outputTokens = 0;

  /** A new model response; the real CLI prints each of its content blocks as its own line. */
  newMessage() {
    this.messages += 1;
    this.inputTokens += 100;
    return `msg_fake_${randomUUID().replaceAll("-", "")}`;
  }

  printBlock(messageId, block) {
    return writeLine(process.stdout, this.assistantLine(messageId, block));
  }

  assistantLine(messageId, block) {
    const outputTokens = Math.max(1, Math.ceil(JSON.stringify(block).length / 4));
    this.outputTokens += outputTokens;
    return JSON.stringify({
      type: "assistant",
      message: {
        id: messageId,
        type: "message",
        role: "assistant",
        model: MODEL,
        content: [block],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 100,
          output_tokens: outputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
      parent_tool_use_id: null,
      session_id: sessionId,
      uuid: randomUUID(),
    });
  }

  printText(text) {
    return this.printBlock(this.newMessage(), { type: "text", text });
  }

  printResult(resultText, { subtype = "success", isError = false } = {}) {
    const durationMs = Date.now() - this.startedAt;
    return printJson({
      type: "result",
      subtype,
      is_error: isError,
      duration_ms: durationMs,
      duration_api_ms: durationMs,
      num_turns: Math.max(1, this.messages),
      result: resultText,
      session_id: sessionId,
      total_cost_usd: 0.0123,
      usage: {
        input_tokens: this.inputTokens,
        output_tokens: this.outputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
      permission_denials: [],
      uuid: randomUUID(),
    });
  }
}

// ---- scenarios ----------------------------------------------------------------------------------

function listCwd() {
  try {
    return { content: execFileSync("ls", { cwd: process.cwd(), encoding: "utf8" }), isError: false };
  } catch (error) {
    return { content: `Error: ${error.message}`, isError: true };
  }
}

/** The `user` line that carries a tool's result back, as the real CLI prints it. */
function printToolResult(toolUseId, content, isError) {
  return printJson({
    type: "user",
    message: { role: "user", content: [{ type: "tool_result", tool_use_id: toolUseId, content, is_error: isError }] },
    parent_tool_use_id: null,
    session_id: sessionId,
    uuid: randomUUID(),
  });
}

async function toolUseTurn({ failTool }) {
  await printInit();
  const turn = new Turn();
  const messageId = turn.newMessage();
  const toolUseId = `toolu_fake_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  await turn.printBlock(messageId, { type: "text", text: "I'll look at the repository." });
  await turn.printBlock(messageId, { type: "tool_use", id: toolUseId, name: "Bash", input: { command: "ls" } });
  const tool = failTool ? { content: "Error: command failed", isError: true } : listCwd();
  await printToolResult(toolUseId, tool.content, tool.isError);
  const entries = tool.content.split("\n").filter(Boolean).length;
  const finalText = tool.isError
    ? "The command failed, so I could not list the repository."
    : `Done: the repository has ${entries} entries.`;
  await turn.printText(finalText);
  await turn.printResult(finalText);
}

function hasFakeToken() {
  return (process.env.CLAUDE_CODE_OAUTH_TOKEN ?? "").startsWith("sk-ant-oat01-fake");
}

/** The `edit` scenario: each `write <path> <text>` or `commit <message>` line of the prompt, done for real. */
async function editFiles(prompt) {
  await printInit();
  const turn = new Turn();
  for (const line of prompt.split("\n")) {
    const write = /^write (\S+) (.*)$/.exec(line.trim());
    const commit = /^commit (.+)$/.exec(line.trim());
    if (!write && !commit) continue;
    const messageId = turn.newMessage();
    const toolUseId = `toolu_fake_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
    let content;
    if (write) {
      const file = join(process.cwd(), write[1]);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${write[2]}\n`);
      await turn.printBlock(messageId, {
        type: "tool_use",
        id: toolUseId,
        name: "Write",
        input: { file_path: file, content: write[2] },
      });
      content = `File written: ${write[1]}`;
    } else {
      await turn.printBlock(messageId, {
        type: "tool_use",
        id: toolUseId,
        name: "Bash",
        input: { command: `git add -A && git commit -m ${JSON.stringify(commit[1])}` },
      });
      execFileSync("git", ["add", "-A"], { cwd: process.cwd() });
      execFileSync(
        "git",
        ["-c", "user.name=Fake Claude", "-c", "user.email=fake@claude.local", "commit", "-q", "-m", commit[1]],
        {
          cwd: process.cwd(),
        },
      );
      content = `Committed: ${commit[1]}`;
    }
    await printToolResult(toolUseId, content, false);
  }
  await turn.printText("The edits are done.");
  await turn.printResult("The edits are done.");
}

/** Marks this session as a `shell` one, so that a resumed run (`--resume <id>` or `--continue`) stays one. */
function rememberShellSession() {
  writeState(`session-${sessionId}`, { scenario: "shell" });
  writeState(`cwd-${cwdKey}`, { sessionId });
}

/** A command run as claude's Bash tool would: its output whatever the exit code, an error when not 0. */
function runInShell(command) {
  const shell = spawnSync("bash", ["-c", command], {
    cwd: process.cwd(),
    encoding: "utf8",
    // Not this process's stdin: that is where claude's messages come from.
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (shell.error) return { content: `Error: ${shell.error.message}`, isError: true };
  return { content: `${shell.stdout}${shell.stderr}`, isError: shell.status !== 0 };
}

/** The `shell` scenario's answer to one message: each of its `run <command>` lines, done for real. */
async function shellTurn(text) {
  const turn = new Turn();
  let ran = 0;
  let failed = 0;
  for (const line of text.split("\n")) {
    const command = /^run (.+)$/.exec(line.trim())?.[1];
    if (!command) continue;
    const toolUseId = `toolu_fake_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
    await turn.printBlock(turn.newMessage(), { type: "tool_use", id: toolUseId, name: "Bash", input: { command } });
    const tool = runInShell(command);
    await printToolResult(toolUseId, tool.content, tool.isError);
    ran += 1;
    if (tool.isError) failed += 1;
  }
  const summary =
    ran === 0 ? "There was no command to run." : `Ran ${ran} command${ran === 1 ? "" : "s"}; ${failed} failed.`;
  await turn.printText(summary);
  await turn.printResult(summary);
}

/** The `env` scenario: this process's environment printed plainly (stdout, stderr) and inside stream-json. */
async function printEnvironment() {
  const variables = Object.entries(process.env)
    .map(([name, value]) => `${name}=${value}`)
    .sort();
  await printInit();
  for (const variable of variables) await writeLine(process.stdout, variable);
  await printStderr(`environment: ${variables.join(" ")}`);
  const turn = new Turn();
  const toolUseId = `toolu_fake_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  await turn.printBlock(turn.newMessage(), {
    type: "tool_use",
    id: toolUseId,
    name: "Bash",
    input: { command: "env" },
  });
  await printToolResult(toolUseId, `${variables.join("\n")}\n`, false);
  const summary = `Printed ${variables.length} environment variables.`;
  await turn.printText(summary);
  await turn.printResult(summary);
}

async function numberedLines(count, delayMs) {
  await printInit();
  const turn = new Turn();
  const messageId = turn.newMessage();
  for (let i = 1; i <= count; i++) {
    await turn.printBlock(messageId, { type: "text", text: `line ${i}` });
    if (delayMs > 0) await sleep(delayMs);
  }
  await turn.printResult(`Printed ${count} lines.`);
}

/**
 * Each text carries its print time (epoch ms, fractional), so a reader can measure the relay's latency.
 * With FAKE_CLAUDE_START_FILE the lines wait until that file exists (so many fakes start together); with
 * FAKE_CLAUDE_RATE they are paced to that many lines per second, else they go as fast as stdout takes them.
 * Lines go out in chunks (due lines every few ms, or about 64 KiB when unpaced): writing each line on its
 * own would spend much of a benchmark's CPU in this stand-in rather than in the relay.
 */
async function timestampedLines(count, ratePerSecond, startFile) {
  await printInit();
  const turn = new Turn();
  const messageId = turn.newMessage();
  while (startFile && !existsSync(startFile)) await sleep(5);
  const startedAt = performance.now();
  const dueBy = (time) => (ratePerSecond > 0 ? Math.floor(((time - startedAt) * ratePerSecond) / 1000) + 1 : count);
  let chunk = "";
  for (let i = 1; i <= count; i++) {
    while (ratePerSecond > 0 && i > dueBy(performance.now())) {
      if (chunk) {
        if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
        chunk = "";
      }
      await sleep(10);
    }
    chunk += `${turn.assistantLine(messageId, { type: "text", text: `bench ${i} t=${performance.timeOrigin + performance.now()}` })}\n`;
    if (chunk.length >= 65536 || i === count) {
      if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
      chunk = "";
    }
  }
  await turn.printResult(`Printed ${count} lines.`);
}

function gateText({ ready, reason, progress, blockers }) {
  return [
    ready ? "Everything is done and checked." : "Not done yet; here is where things stand.",
    "",
    "<COMPLETION_GATE>",
    `ready: ${ready}`,
    `reason: ${JSON.stringify(reason)}`,
    `progress: ${JSON.stringify(progress)}`,
    `blockers: ${JSON.stringify(blockers)}`,
    "</COMPLETION_GATE>",
  ].join("\n");
}

/**
 * One iteration of an autonomous-loop scenario: `plan(n)` says what iteration n does —
 * { touch: a file to change, crash: exit 1 without a result, gate: the gate's fields }.
 */
function loopScenario(plan) {
  return {
    async run() {
      const iteration = (session?.iteration ?? 0) + 1;
      writeState(`session-${sessionId}`, { scenario: scenarioName, iteration });
      writeState(`cwd-${cwdKey}`, { sessionId });
      const step = plan(iteration);
      await printInit();
      const turn = new Turn();
      await turn.printText(`Iteration ${iteration}: working.`);
      if (step.touch) writeFileSync(join(process.cwd(), step.touch), `iteration ${iteration}\n`);
      if (step.crash) {
        await printStderr(`fatal: crashed during iteration ${iteration}`);
        return exitAfterFlush(1);
      }
      const text = gateText(step.gate);
      await turn.printText(text);
      await turn.printResult(text);
    },
  };
}

const readyOnThird = (n) =>
  n >= 3
    ? { gate: { ready: true, reason: "All three steps are done", progress: "Finished step 3", blockers: [] } }
    : {
        touch: `step-${n}.txt`,
        gate: {
          ready: false,
          reason: `Step ${n + 1} remains`,
          progress: `Finished step ${n}`,
          blockers: [`step ${n + 1} is not done`],
        },
      };

function notLoggedInLines() {
  return readFileSync(NOT_LOGGED_IN_FIXTURE, "utf8").split("\n").filter(Boolean);
}

async function echo(text) {
  const turn = new Turn();
  const reply = `You said: ${text}`;
  await turn.printText(reply);
  await turn.printResult(reply);
}

/**
 * run: answers the first message. followUp: answers each later one (default: echo).
 * exitCode: when stdin closes. atStart: runs before stdin is read when chosen by env.
 */
const SCENARIOS = {
  text: { run: () => toolUseTurn({ failTool: false }) },
  edit: { run: (prompt) => editFiles(prompt) },
  shell: {
    async run(prompt) {
      rememberShellSession();
      await printInit();
      await shellTurn(prompt);
    },
    followUp: (text) => shellTurn(text),
  },
  "tool-error": { run: () => toolUseTurn({ failTool: true }) },
  long: { run: () => numberedLines(numberFromEnv("FAKE_CLAUDE_LINES", 10000), 0) },
  slow: {
    run: () => numberedLines(numberFromEnv("FAKE_CLAUDE_LINES", 400), numberFromEnv("FAKE_CLAUDE_DELAY_MS", 5)),
  },
  bench: {
    run: () =>
      timestampedLines(
        numberFromEnv("FAKE_CLAUDE_LINES", 5000),
        numberFromEnv("FAKE_CLAUDE_RATE", 0),
        process.env.FAKE_CLAUDE_START_FILE,
      ),
  },
  fail: {
    async run() {
      await printInit();
      await new Turn().printText("Starting on the task.");
      await printStderr("fatal: something went wrong");
      await exitAfterFlush(1);
    },
  },
  "error-result": {
    exitCode: 1,
    async run() {
      await printInit();
      await new Turn().printResult("Execution failed", { subtype: "error_during_execution", isError: true });
    },
  },
  hang: { atStart: true, run: () => new Promise(() => setInterval(() => {}, 1 << 30)) },
  "exit-silent": { atStart: true, run: () => process.exit(3) },
  // Logged out unless given the token the fake `setup-token` prints, as after a remote login.
  "needs-login": {
    get exitCode() {
      return hasFakeToken() ? 0 : 1;
    },
    run: () => (hasFakeToken() ? toolUseTurn({ failTool: false }) : SCENARIOS["not-logged-in"].run()),
    followUp: (text) => (hasFakeToken() ? echo(text) : SCENARIOS["not-logged-in"].followUp()),
  },
  "not-logged-in": {
    exitCode: 1,
    async run() {
      for (const line of notLoggedInLines()) await writeLine(process.stdout, line);
    },
    // Not logged in, every message gets the same refusal (its assistant and result lines).
    async followUp() {
      for (const line of notLoggedInLines().slice(1)) await writeLine(process.stdout, line);
    },
  },
  stderr: {
    async run() {
      await printStderr("[fake-claude] starting up");
      await printInit();
      await printStderr("warning: something noisy on stderr");
      const turn = new Turn();
      await turn.printText("Working despite the noise.");
      await printStderr("warning: more stderr noise");
      await turn.printResult("Done despite the noise.");
    },
  },
  "non-json": {
    async run() {
      await printInit();
      await writeLine(process.stdout, "plain text output");
      await writeLine(process.stdout, "{broken json");
      await printJson({ type: "mystery", data: 1 });
      await new Turn().printResult("Done after some odd output.");
    },
  },
  "loop-ready-3": loopScenario(readyOnThird),
  "loop-never-ready": loopScenario((n) => ({
    touch: "work.txt",
    gate: {
      ready: false,
      reason: "More to do",
      progress: `Finished part ${n}`,
      blockers: [`part ${n + 1} is not done`],
    },
  })),
  "loop-same-error": loopScenario((n) => ({
    touch: "work.txt",
    gate: { ready: false, reason: "Tests fail", progress: `Attempt ${n}`, blockers: ["npm test: 3 tests failing"] },
  })),
  "loop-no-progress": loopScenario((n) => ({
    gate: {
      ready: false,
      reason: "Stuck",
      progress: "Nothing changed",
      blockers: [`attempt ${n} found nothing to change`],
    },
  })),
  "loop-crash-2": loopScenario((n) => (n === 2 ? { crash: true } : readyOnThird(n))),
  env: { run: () => printEnvironment() },
  "huge-line": {
    async run() {
      await printInit();
      const turn = new Turn();
      await turn.printText("0123456789".repeat(Math.ceil((2 * 1024 * 1024 + 1000) / 10)));
      await turn.printResult("Printed a huge line.");
    },
  },
};

function scenarioNamed(name) {
  const scenario = SCENARIOS[name];
  if (scenario) return scenario;
  process.stderr.write(`fake-claude: unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(", ")})\n`);
  process.exit(2);
}

// ---- input --------------------------------------------------------------------------------------

/** The text of a stream-json user message, or undefined for any other input line. */
function userMessageText(line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    process.stderr.write(`fake-claude: ignoring input that is not JSON: ${line.slice(0, 200)}\n`);
    return undefined;
  }
  if (message?.type !== "user") return undefined;
  const content = message.message?.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .filter((block) => block?.type === "text")
      .map((block) => block.text)
      .join("\n");
  }
  return undefined;
}

// ---- setup-token --------------------------------------------------------------------------------

const waitForever = () => new Promise(() => setInterval(() => {}, 1 << 30));

/** Raw terminal input up to Enter (\r or \n), without it. */
function readCode() {
  return new Promise((resolve) => {
    let typed = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (chunk) => {
      typed += chunk;
      const enter = typed.search(/[\r\n]/);
      if (enter < 0) return;
      process.stdin.pause();
      resolve(typed.slice(0, enter).trim());
    });
  });
}

async function setupToken() {
  const behaviour = process.env.FAKE_CLAUDE_SETUP_TOKEN;
  if (behaviour === "hang") return waitForever();
  if (behaviour === "exit") process.exit(1);
  if (!process.stdout.isTTY) {
    // Like the real one: nothing without a terminal.
    process.stdin.resume();
    process.stdin.on("end", () => process.exit(1));
    return;
  }
  // Like Ink: raw input from the start, so nothing typed is echoed.
  process.stdin.setRawMode(true);
  const screen = readFileSync(SETUP_TOKEN_FIXTURE, "utf8");
  if (behaviour === "no-url") {
    process.stdout.write(screen.slice(0, screen.indexOf("\x1b]8;")));
    return waitForever();
  }
  process.stdout.write(screen);
  const code = await readCode();
  if (code.startsWith("bad")) {
    process.stdout.write("\r\n Error: invalid code. Please make sure the full code was copied\r\n");
    return exitAfterFlush(1);
  }
  const token = `sk-ant-oat01-fake${randomUUID().replaceAll("-", "")}`;
  process.stdout.write(
    `\r\n \u2713 Long-lived authentication token created successfully!\r\n\r\n Your OAuth token (valid for 1 year):\r\n\r\n ${token}\r\n\r\n` +
      " Store this token securely. You won't be able to see it again.\r\n\r\n Use this token by setting: export CLAUDE_CODE_OAUTH_TOKEN=<token>\r\n",
  );
  return exitAfterFlush(0);
}

let scenarioName;

async function main() {
  if (process.env.FAKE_CLAUDE_ARGS_FILE) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("MAKIMA_")));
    appendFileSync(process.env.FAKE_CLAUDE_ARGS_FILE, `${JSON.stringify({ argv, cwd: process.cwd(), env })}\n`);
  }
  if (argv[0] === "setup-token") return setupToken();

  // A resumed loop or shell session carries on with the scenario it started with.
  scenarioName = session?.scenario || process.env.FAKE_CLAUDE_SCENARIO || undefined;
  let scenario = scenarioName ? scenarioNamed(scenarioName) : undefined;
  if (scenario?.atStart) return scenario.run();

  let answered = false;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    const text = userMessageText(line);
    if (text === undefined) continue;
    if (!answered) {
      scenarioName ??= /\bscenario:([\w-]+)/.exec(text)?.[1] ?? "text";
      scenario ??= scenarioNamed(scenarioName);
      answered = true;
      await scenario.run(text);
    } else {
      await (scenario.followUp ?? echo)(text);
    }
  }

  if (!answered) {
    await printStderr("Error: no user message received on stdin");
    return exitAfterFlush(1);
  }
  process.exitCode = scenario.exitCode ?? 0;
}

await main();
