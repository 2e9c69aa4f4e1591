#!/usr/bin/env node
/**
 * A stand-in for the `claude` CLI in tests: accepts its flags and, like
 * `claude -p --input-format stream-json --output-format stream-json --verbose`, reads user messages
 * on stdin and prints one JSON object per line, shaped like the real CLI's. After a `result` it
 * waits for more messages (each is answered "You said: <text>"); it exits when stdin closes.
 *
 * With --include-partial-messages, each text block is first written as stream_event lines (FAKE_CLAUDE_DELTA_CHARS
 * characters a delta, more for a long text, which takes at most 100 deltas; FAKE_CLAUDE_DELTA_DELAY_MS between them),
 * as the real CLI streams a message being written.
 *
 * Scenario: env FAKE_CLAUDE_SCENARIO, else a `scenario:<name>` token in the first prompt, else `text`.
 *   text           init, text, Bash tool_use `ls`, tool_result (the real `ls` of the cwd), text, result
 *   tool-error     like text, but the tool_result is an error
 *   long           FAKE_CLAUDE_LINES (default 10000) assistant lines "line 1" … "line N", result
 *   slow           like long, FAKE_CLAUDE_LINES (default 400), FAKE_CLAUDE_DELAY_MS (default 5) between lines
 *   bench          FAKE_CLAUDE_LINES (default 5000) assistant lines "bench <i> t=<epoch ms>", each stamped with the
 *                  time it was printed (for bench/relay.ts), result; FAKE_CLAUDE_RATE paces them (lines per
 *                  second, default unpaced), FAKE_CLAUDE_START_FILE holds them until that file exists. It records what
 *                  it printed as it prints (FAKE_CLAUDE_STATE_DIR/session-<id>.json: { scenario, cwd, printed, runs:
 *                  [{ from, startedAt }] }), and a resumed session (`--resume`) goes on at printed + 1 (bench/soak.ts)
 *   fail           init, text, "fatal: something went wrong" on stderr, exit 1 without a result
 *   error-result   init, result error_during_execution; exit 1 when stdin closes
 *   hang           prints nothing, never exits
 *   exit-silent    prints nothing, exits 3 at once
 *   silent         init, a text, then nothing for FAKE_CLAUDE_SILENT_MS (default 10 min) with no tool call open, then a
 *                  text and a result: a claude gone quiet, for the idle watchdog
 *   silent-tool    init, a Bash tool_use, then nothing for FAKE_CLAUDE_SILENT_MS (default 10 min) while that call is
 *                  open, then its tool_result, a text and a result: a long tool call, which is not idle
 *   usage-limit    at the subscription's usage limit until FAKE_CLAUDE_RESET_IN_S (default 3600) s after the session
 *                  began: a rejected rate_limit_event, an assistant error rate_limit, the result "Claude AI usage limit
 *                  reached|<epoch>", exit 1; the session resumed (`--resume`) after that time answers and succeeds
 *   not-logged-in  the real CLI's not-logged-in transcript (test/fixtures/claude); exit 1 when stdin closes
 *   needs-login    like not-logged-in, unless CLAUDE_CODE_OAUTH_TOKEN holds a token the fake setup-token printed:
 *                  then like text (a task restarted after a remote login succeeds)
 *   stderr         stderr lines between the stdout lines, result
 *   non-json       non-JSON lines and an unknown message type, result
 *   huge-line      one assistant line over 2 MiB, result
 *   todos          a TodoWrite list of three items, each ticked off by the next TodoWrite FAKE_CLAUDE_DELAY_MS (default
 *                  1500) later, then a text and a result
 *   typing         init, a markdown message typed slowly (FAKE_CLAUDE_DELTA_DELAY_MS, default 150 ms, between deltas,
 *                  with --include-partial-messages), then a stream_event delta for a block that never started (its
 *                  text HTML that must not run) and 1 s later a result
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
 *   A loop, shell or bench scenario remembers its session (FAKE_CLAUDE_STATE_DIR, default <tmp>/makima-fake-claude) so that
 *   `--resume <id>` or `--continue` (the cwd's last session) carries on: a loop at its next iteration, a shell session
 *   running the commands of the new message.
 *
 * Permissions, as claude 2.1 has them. `--permission-mode default|acceptEdits|plan|bypassPermissions` (`manual` is
 * default; `--dangerously-skip-permissions` is bypassPermissions), `--allowedTools <rule>…` (repeatable: `Bash`,
 * `Bash(npm test:*)` a command prefix, `Bash(git status)` one command, `Edit`, `Write`), `--permission-prompt-tool stdio`.
 * A tool use asks unless the mode is bypassPermissions, a rule allows it (from the flags, or added by an earlier answer's
 * updatedPermissions), or it is an Edit/Write/MultiEdit in acceptEdits; AskUserQuestion and ExitPlanMode always ask
 * (but in bypassPermissions). Asking, with the stdio prompt tool: a control_request line on stdout
 * {"type":"control_request","request_id":…,"request":{"subtype":"can_use_tool","tool_name":…,"input":…,…}}, then waiting
 * for the control_response with that request_id on stdin (allow, maybe with updatedInput and updatedPermissions: addRules
 * and setMode apply for the rest of the run; deny with a message; or subtype "error", taken as a deny). Without the
 * prompt tool the tool use is denied at once. User messages arriving meanwhile wait for the turn to end; an answer for a
 * request not waiting (unknown, answered, cancelled) gets a stderr line and is ignored; stdin closing while a request
 * waits is exit 1. As root, bypassPermissions is refused (exit 1) unless IS_SANDBOX=1, as claude refuses it.
 *   ask-bash       Bash `echo approved-run` (or the prompt's `run <command>` line), asked; allowed, run for real (the
 *                  answer's updatedInput.command if it changed it): "Ran: <command>"; denied: "Did not run: <command>
 *                  (<message>)"
 *   ask-edit       Edit of `notes.txt` in the cwd (or the prompt's `edit <path>` line; "old line" written to it when it is
 *                  missing or empty): its first line becomes "new line". "Edited: <path>", "Did not edit: <path>
 *                  (<message>)", or when old_string is not in the file "Edit failed: <path>"
 *   ask-question   AskUserQuestion (a single-choice database and a multi-choice features question); allowed, the answer's
 *                  updatedInput.answers (question → answer): "Answers: <question> = <answer>; …"; denied: "No answers:
 *                  <message>"
 *   plan           a text, then ExitPlanMode with the plan "## Plan\n1. Write hello.txt\n2. Commit it". Approved: "Plan
 *                  approved; mode <mode>" (an answer's setMode, else default), then Write hello.txt ("hello\n"), asked as
 *                  that mode has it: "Wrote hello.txt" or "Did not write hello.txt (<message>)". Denied: "Keep planning:
 *                  <message>" and a revised plan, at most 3 times, then "The plan was not approved after 3 tries."
 *   ask-cancel     a can_use_tool request for Bash `echo never-run`, withdrawn 200 ms later (control_cancel_request):
 *                  "Cancelled the request"
 *   ask-several    Bash `echo one`, `echo two`, `echo three`, each asked once the one before is answered:
 *                  "Ran: <commands run, or none>; not run: <the others, or none>"
 *   ask-unknown    a control_request of a subtype no host knows ({"subtype":"request_user_dialog","dialog_kind":"fake"});
 *                  the host's error: "Host refused: <error>", a success: "Host answered: <its response as JSON>"
 *   Each of them ends with a result whose text is the last text.
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
import {
  appendFileSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve as resolvePath } from "node:path";
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
  "--permission-prompt-tool",
]);
/** Flags taking any number of values, each its own argument, and repeatable (commander's variadic options). */
const FLAGS_WITH_VALUES = new Set(["--allowedTools"]);

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
    } else if (FLAGS_WITH_VALUES.has(name)) {
      const values = (parsed[name] ??= []);
      if (inlineValue !== undefined) values.push(inlineValue);
      else while (i + 1 < args.length && !args[i + 1].startsWith("-")) values.push(args[++i]);
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
  const tools = ["Task", "Bash", "Glob", "Grep", "ExitPlanMode", "Read", "Edit", "Write", "WebFetch", "TodoWrite"];
  // Only a host that can show a question gets the tool to ask one.
  if (permissions.asksHost) tools.push("AskUserQuestion");
  return printJson({
    type: "system",
    subtype: "init",
    cwd: process.cwd(),
    session_id: sessionId,
    tools,
    mcp_servers: [],
    model: MODEL,
    permissionMode: permissions.mode,
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
  /** The tool uses refused, as the result's permission_denials lists them. */
  denials = [];

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

  /**
   * A text block; with --include-partial-messages, written first as stream_event lines a few characters at a time
   * (see printStreamedText), `deltaDelayMs` between them.
   */
  printText(text, deltaDelayMs = numberFromEnv("FAKE_CLAUDE_DELTA_DELAY_MS", 0)) {
    const messageId = this.newMessage();
    const print = () => this.printBlock(messageId, { type: "text", text });
    return flags["--include-partial-messages"] ? printStreamedText(messageId, text, deltaDelayMs, print) : print();
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
      permission_denials: this.denials,
      uuid: randomUUID(),
    });
  }
}

// ---- permissions --------------------------------------------------------------------------------

const EDIT_TOOLS = new Set(["Edit", "Write", "MultiEdit"]);
/** Tools that are a question to a person: no rule or mode but bypassPermissions lets them through unasked. */
const ASKING_TOOLS = new Set(["AskUserQuestion", "ExitPlanMode"]);

/** How this run decides on a tool use: its mode and allow rules (both may change on an answer), and whom it asks. */
const permissions = {
  mode: flags["--dangerously-skip-permissions"] ? "bypassPermissions" : permissionModeFlag(),
  asksHost: flags["--permission-prompt-tool"] === "stdio",
  rules: (flags["--allowedTools"] ?? []).map(parseRule),
};

function permissionModeFlag() {
  const mode = flags["--permission-mode"] ?? "default";
  return mode === "manual" ? "default" : mode;
}

/** `Bash(npm test:*)` as claude's PermissionRuleValue: { toolName: "Bash", ruleContent: "npm test:*" }. */
function parseRule(text) {
  const match = /^([^(]+)\((.*)\)$/s.exec(text.trim());
  return match ? { toolName: match[1], ruleContent: match[2] } : { toolName: text.trim() };
}

function ruleAllows(rule, toolName, input) {
  if (rule.toolName !== toolName) return false;
  if (rule.ruleContent === undefined) return true;
  // Of the specifiers only Bash's are modelled; another (a path, a domain) never matches, so the tool asks.
  if (toolName !== "Bash") return false;
  // A compound command is allowed only when each of its commands is, as claude checks it.
  const commands = String(input.command ?? "")
    .split(/&&|\|\||[;|\n]/)
    .map((command) => command.trim())
    .filter(Boolean);
  return commands.length > 0 && commands.every((command) => commandMatches(rule.ruleContent, command));
}

/** `npm test:*` matches `npm test` and `npm test <anything>`; any other rule content matches that command only. */
function commandMatches(ruleContent, command) {
  if (!ruleContent.endsWith(":*")) return command === ruleContent;
  const prefix = ruleContent.slice(0, -2);
  return command === prefix || command.startsWith(`${prefix} `);
}

function needsApproval(toolName, input) {
  if (permissions.mode === "bypassPermissions") return false;
  if (ASKING_TOOLS.has(toolName)) return true;
  if (permissions.rules.some((rule) => ruleAllows(rule, toolName, input))) return false;
  return !(permissions.mode === "acceptEdits" && EDIT_TOOLS.has(toolName));
}

/** The choices claude's own dialog offers besides "yes once": the command's first word for Bash, all edits for edits. */
function permissionSuggestions(toolName, input) {
  if (toolName === "Bash") {
    const prefix = String(input.command).trim().split(/\s+/)[0];
    return [
      {
        type: "addRules",
        rules: [{ toolName, ruleContent: `${prefix}:*` }],
        behavior: "allow",
        destination: "localSettings",
      },
    ];
  }
  if (EDIT_TOOLS.has(toolName)) return [{ type: "setMode", mode: "acceptEdits", destination: "session" }];
  return undefined;
}

/** The `can_use_tool` request for a tool_use block (undefined fields are left out of the line). */
function canUseToolRequest({ id, name, input }) {
  return {
    subtype: "can_use_tool",
    tool_name: name,
    input,
    tool_use_id: id,
    permission_suggestions: permissionSuggestions(name, input),
    decision_reason: name === "Bash" ? "This command requires approval" : `Claude requested permissions to use ${name}`,
  };
}

/** What an approval carries, applied for the rest of the run (claude would also save those meant for settings files). */
function applyPermissionUpdates(updates) {
  for (const update of updates) {
    if (update.type === "addRules" && update.behavior === "allow") permissions.rules.push(...update.rules);
    if (update.type === "setMode") permissions.mode = update.mode;
  }
}

/**
 * claude's check before using a tool whose tool_use block it has printed: { allowed: true, input } (the input as
 * approved, which the answer may have changed) or { allowed: false, message } (what the model is told).
 */
async function decide(turn, toolUse) {
  if (!needsApproval(toolUse.name, toolUse.input)) return { allowed: true, input: toolUse.input };
  // claude -p with no one to ask: what would ask is refused.
  if (!permissions.asksHost) return refuse(turn, toolUse, `Permission to use ${toolUse.name} has been denied.`);
  const reply = await (await sendControlRequest(canUseToolRequest(toolUse))).answer;
  if (reply.subtype !== "success")
    return refuse(turn, toolUse, String(reply.error ?? "The permission request failed."));
  const result = reply.response ?? {};
  if (result.behavior !== "allow") return refuse(turn, toolUse, String(result.message ?? ""));
  applyPermissionUpdates(result.updatedPermissions ?? []);
  return { allowed: true, input: result.updatedInput ?? toolUse.input };
}

function refuse(turn, { id, name, input }, message) {
  turn.denials.push({ tool_name: name, tool_use_id: id, tool_input: input });
  return { allowed: false, message };
}

/**
 * One tool call: its tool_use block, the permission check, then `run(input)` ({ content, isError }) on the approved
 * input, or the refusal, as its tool_result. Returns the decision and the result.
 */
async function useTool(turn, name, input, run) {
  const toolUse = { type: "tool_use", id: newToolUseId(), name, input };
  await turn.printBlock(turn.newMessage(), toolUse);
  const decision = await decide(turn, toolUse);
  const result = decision.allowed ? run(decision.input) : { content: decision.message, isError: true };
  await printToolResult(toolUse.id, result.content, result.isError);
  return { ...decision, ...result };
}

// ---- control protocol ---------------------------------------------------------------------------

/** This process's control requests still waiting for the host's control_response: request_id → resolve. */
const awaitedAnswers = new Map();
let inputClosed = false;

/** Prints a control_request; `answer` settles with the host's control_response's `response` for it. */
async function sendControlRequest(request) {
  const requestId = randomUUID();
  const answer = new Promise((resolve) => awaitedAnswers.set(requestId, resolve));
  await printJson({ type: "control_request", request_id: requestId, request });
  if (inputClosed) await giveUpWaiting();
  return { requestId, answer };
}

/** Withdraws a request: its answer is no longer awaited, and is ignored if it comes. */
function cancelControlRequest(requestId) {
  awaitedAnswers.delete(requestId);
  return printJson({ type: "control_cancel_request", request_id: requestId });
}

function settleControlRequest(response) {
  const settle = awaitedAnswers.get(response?.request_id);
  if (!settle) {
    process.stderr.write(`fake-claude: ignoring answer for ${response?.request_id}\n`);
    return;
  }
  awaitedAnswers.delete(response.request_id);
  settle(response);
}

/** stdin has closed: a request still waiting would never be answered. */
function giveUpWaiting() {
  if (awaitedAnswers.size === 0) return;
  process.stderr.write(
    `fake-claude: stdin closed while waiting for the answer to ${[...awaitedAnswers.keys()].join(", ")}\n`,
  );
  return exitAfterFlush(1);
}

// ---- scenarios ----------------------------------------------------------------------------------

function listCwd() {
  try {
    return { content: execFileSync("ls", { cwd: process.cwd(), encoding: "utf8" }), isError: false };
  } catch (error) {
    return { content: `Error: ${error.message}`, isError: true };
  }
}

function newToolUseId() {
  return `toolu_fake_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

/** A stream_event line (`--include-partial-messages`) carrying one of the Messages API's streaming events. */
function printStreamEvent(event) {
  return printJson({
    type: "stream_event",
    event,
    parent_tool_use_id: null,
    uuid: randomUUID(),
    session_id: sessionId,
  });
}

/** A text block's deltas at most: a huge text is written in big ones, not in hundreds of thousands of lines. */
const MAX_DELTAS = 100;

/**
 * One text block being written, as the real CLI streams it: message_start, content_block_start, a
 * content_block_delta per FAKE_CLAUDE_DELTA_CHARS (8) characters, then the complete block's assistant line
 * (`printFinal`), which the CLI prints as soon as the block is complete, before its content_block_stop, message_delta
 * and message_stop.
 */
async function printStreamedText(messageId, text, delayMs, printFinal) {
  const size = Math.max(1, numberFromEnv("FAKE_CLAUDE_DELTA_CHARS", 8), Math.ceil(text.length / MAX_DELTAS));
  await printStreamEvent({
    type: "message_start",
    message: { id: messageId, type: "message", role: "assistant", content: [] },
  });
  await printStreamEvent({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
  for (let at = 0; at < text.length; at += size) {
    await printStreamEvent({
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: text.slice(at, at + size) },
    });
    if (delayMs) await sleep(delayMs);
  }
  await printFinal();
  await printStreamEvent({ type: "content_block_stop", index: 0 });
  await printStreamEvent({ type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null } });
  await printStreamEvent({ type: "message_stop" });
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
  const toolUseId = newToolUseId();
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

/** The `todos` scenario: a todo list of three items, ticked off one TodoWrite call at a time, `delayMs` apart. */
async function todoTurn(delayMs) {
  await printInit();
  const turn = new Turn();
  const items = ["Read the code", "Write the tests", "Make them pass"];
  for (let done = 0; done <= items.length; done++) {
    const todos = items.map((content, i) => ({
      content,
      activeForm: `Doing: ${content.toLowerCase()}`,
      status: i < done ? "completed" : i === done ? "in_progress" : "pending",
    }));
    const toolUseId = newToolUseId();
    await turn.printBlock(turn.newMessage(), { type: "tool_use", id: toolUseId, name: "TodoWrite", input: { todos } });
    await printToolResult(toolUseId, "Todos have been modified successfully.", false);
    if (done < items.length) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  await turn.printText("All three done.");
  await turn.printResult("All three done.");
}

/** The `silent` and `silent-tool` scenarios: a long silence, with a tool call open or not. */
async function silentTurn({ toolOpen }) {
  await printInit();
  const turn = new Turn();
  const silentMs = numberFromEnv("FAKE_CLAUDE_SILENT_MS", 600_000);
  if (!toolOpen) {
    await turn.printText("Thinking it over.");
    await sleep(silentMs);
    return conclude(turn, "Back after a long silence.");
  }
  const toolUseId = newToolUseId();
  const command = `sleep ${silentMs / 1000}`;
  await turn.printBlock(turn.newMessage(), { type: "tool_use", id: toolUseId, name: "Bash", input: { command } });
  await sleep(silentMs);
  await printToolResult(toolUseId, "", false);
  await conclude(turn, "The long command is done.");
}

/**
 * The `usage-limit` scenario: a subscription at its usage limit until FAKE_CLAUDE_RESET_IN_S (default 3600) seconds
 * after the session's first run: a rejected rate_limit_event, the assistant's rate_limit error and the older result
 * text, exit 1. A resumed run (`--resume`) after that time works: "Resumed after the usage limit: <prompt>".
 */
async function usageLimitTurn(prompt) {
  const resetsAt = session?.resetsAt ?? Math.floor(Date.now() / 1000) + numberFromEnv("FAKE_CLAUDE_RESET_IN_S", 3600);
  writeState(`session-${sessionId}`, { scenario: "usage-limit", resetsAt });
  await printInit();
  const turn = new Turn();
  if (Date.now() >= resetsAt * 1000) return conclude(turn, `Resumed after the usage limit: ${prompt}`);
  const limit = { status: "rejected", resetsAt, rateLimitType: "five_hour", overageStatus: "rejected" };
  await printJson({ type: "rate_limit_event", rate_limit_info: limit, uuid: randomUUID(), session_id: sessionId });
  const text = `Claude AI usage limit reached|${resetsAt}`;
  await writeLine(
    process.stdout,
    JSON.stringify({
      ...JSON.parse(turn.assistantLine(turn.newMessage(), { type: "text", text })),
      error: "rate_limit",
    }),
  );
  await turn.printResult(text, { isError: true });
  await exitAfterFlush(1);
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
    const toolUseId = newToolUseId();
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
    const toolUseId = newToolUseId();
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
  const toolUseId = newToolUseId();
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
 * own would spend much of a benchmark's CPU in this stand-in rather than in the relay. A resumed session
 * (`--resume`) goes on after the last line the session printed (see BenchRecord), up to the same count.
 */
async function timestampedLines(count, ratePerSecond, startFile) {
  const record = new BenchRecord();
  const first = record.printed + 1;
  await printInit();
  const turn = new Turn();
  const messageId = turn.newMessage();
  while (startFile && !existsSync(startFile)) await sleep(5);
  const startedAt = performance.now();
  const dueBy = (time) => (ratePerSecond > 0 ? first + Math.floor(((time - startedAt) * ratePerSecond) / 1000) : count);
  let chunk = "";
  const write = async (last) => {
    record.printedUpTo(last);
    if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
    chunk = "";
  };
  for (let i = first; i <= count; i++) {
    while (ratePerSecond > 0 && i > dueBy(performance.now())) {
      if (chunk) await write(i - 1);
      await sleep(Number(process.env.FAKE_CLAUDE_PACE_MS ?? 10));
    }
    chunk += `${turn.assistantLine(messageId, { type: "text", text: `bench ${i} t=${performance.timeOrigin + performance.now()}` })}\n`;
    if (chunk.length >= 65536 || i === count) await write(i);
  }
  await turn.printResult(first === 1 ? `Printed ${count} lines.` : `Printed lines ${first} to ${count}.`);
}

/**
 * What a bench session printed, kept in FAKE_CLAUDE_STATE_DIR/session-<id>.json as { scenario: "bench", cwd, printed,
 * runs: [{ from, startedAt }] }: each run of the session (the first, then each `--resume`) and the last line number
 * handed to stdout. It is written before each chunk goes out, in one write at the file's start, so even a SIGKILL
 * never leaves it torn or behind what was printed (at most one chunk ahead of it).
 */
class BenchRecord {
  constructor() {
    this.state =
      session?.scenario === "bench" ? session : { scenario: "bench", cwd: process.cwd(), printed: 0, runs: [] };
    this.state.runs.push({ from: this.state.printed + 1, startedAt: Date.now() });
    mkdirSync(STATE_DIR, { recursive: true });
    // Not truncated on opening: what an earlier run recorded stays until this one writes over it.
    this.fd = openSync(join(STATE_DIR, `session-${sessionId}.json`), constants.O_RDWR | constants.O_CREAT);
    this.save();
  }

  get printed() {
    return this.state.printed;
  }

  printedUpTo(line) {
    this.state.printed = line;
    this.save();
  }

  /** The text only grows (a higher count, one more run), so a write from the start covers all the earlier one. */
  save() {
    writeSync(this.fd, JSON.stringify(this.state).padEnd(1024), 0);
  }
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

// ---- scenarios that ask (see "Permissions" at the top) ------------------------------------------

/** The rest of the prompt's first line `<word> <argument>`. */
function promptArgument(prompt, word) {
  for (const line of prompt.split("\n")) {
    const [first, ...rest] = line.trim().split(" ");
    if (first === word && rest.join(" ").trim()) return rest.join(" ").trim();
  }
  return undefined;
}

async function conclude(turn, text) {
  await turn.printText(text);
  await turn.printResult(text);
}

const runBash = (input) => runInShell(String(input.command));

async function askBash(prompt) {
  const command = promptArgument(prompt, "run") ?? "echo approved-run";
  await printInit();
  const turn = new Turn();
  const tool = await useTool(turn, "Bash", { command, description: `Run ${command}` }, runBash);
  await conclude(turn, tool.allowed ? `Ran: ${tool.input.command}` : `Did not run: ${command} (${tool.message})`);
}

/** claude's Edit tool: the first old_string of the file replaced by new_string. */
function applyEdit({ file_path: file, old_string: oldString, new_string: newString }) {
  try {
    const text = readFileSync(file, "utf8");
    if (!text.includes(oldString)) {
      return {
        content: `<tool_use_error>String to replace not found in file.\nString: ${oldString}</tool_use_error>`,
        isError: true,
      };
    }
    // A function, so that `$&` and the like in new_string stay as they are.
    const edited = text.replace(oldString, () => newString);
    writeFileSync(file, edited);
    return { content: `The file ${file} has been updated.`, isError: false };
  } catch (error) {
    return { content: `<tool_use_error>${error.message}</tool_use_error>`, isError: true };
  }
}

async function askEdit(prompt) {
  const path = promptArgument(prompt, "edit") ?? "notes.txt";
  const file = resolvePath(process.cwd(), path);
  if (!existsSync(file) || readFileSync(file, "utf8").trim() === "") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, "old line\n");
  }
  const firstLine = readFileSync(file, "utf8")
    .split("\n")
    .find((line) => line.trim() !== "");
  await printInit();
  const turn = new Turn();
  const input = { file_path: file, old_string: firstLine, new_string: "new line" };
  const tool = await useTool(turn, "Edit", input, applyEdit);
  if (!tool.allowed) await conclude(turn, `Did not edit: ${path} (${tool.message})`);
  else await conclude(turn, tool.isError ? `Edit failed: ${path}` : `Edited: ${path}`);
}

const QUESTIONS = [
  {
    question: "Which database should I use?",
    header: "Database",
    options: [
      { label: "SQLite", description: "One file next to the app, nothing to run" },
      { label: "PostgreSQL", description: "A server of its own, for many writers" },
    ],
    multiSelect: false,
  },
  {
    question: "Which features?",
    header: "Features",
    options: [
      { label: "Tests", description: "Unit tests for the new code" },
      { label: "Docs", description: "A page in the manual" },
      { label: "CI", description: "A workflow that runs the tests" },
    ],
    multiSelect: true,
  },
];

/** Each question asked and its answer from updatedInput.answers (keyed by question; several choices comma-separated). */
function answersOf(input) {
  const answers = input.answers ?? {};
  return QUESTIONS.map(({ question }) => [question, String(answers[question] ?? "(no answer)")]);
}

/** AskUserQuestion's result, as claude words it for the model. */
function answeredQuestions(input) {
  const pairs = answersOf(input).map(([question, answer]) => `"${question}"="${answer}"`);
  return {
    content: `User has answered your questions: ${pairs.join(", ")}. You can now continue with the user's answers in mind.`,
    isError: false,
  };
}

async function askQuestion() {
  await printInit();
  const turn = new Turn();
  const tool = await useTool(turn, "AskUserQuestion", { questions: QUESTIONS }, answeredQuestions);
  if (!tool.allowed) return conclude(turn, `No answers: ${tool.message}`);
  const answers = answersOf(tool.input).map(([question, answer]) => `${question} = ${answer}`);
  await conclude(turn, `Answers: ${answers.join("; ")}`);
}

const PLAN = "## Plan\n1. Write hello.txt\n2. Commit it";
const PLAN_ATTEMPTS = 3;

/** ExitPlanMode, once approved: plan mode ends, for the mode an answer's setMode chose, else default. */
function exitPlanMode() {
  if (permissions.mode === "plan") permissions.mode = "default";
  return { content: "User has approved your plan. You can now start coding.", isError: false };
}

function writeFile({ file_path: file, content }) {
  writeFileSync(file, String(content));
  return { content: `File created successfully at: ${file}`, isError: false };
}

async function planThenWrite() {
  await printInit();
  const turn = new Turn();
  await turn.printText("I have read the repository; here is what I would do.");
  let plan = PLAN;
  for (let attempt = 1; attempt <= PLAN_ATTEMPTS; attempt++) {
    const tool = await useTool(turn, "ExitPlanMode", { plan }, exitPlanMode);
    if (tool.allowed) return carryOutPlan(turn);
    await turn.printText(`Keep planning: ${tool.message}`);
    plan = `## Plan (revision ${attempt + 1})\n1. Write hello.txt\n2. Commit it\n\nChanged for: ${tool.message}`;
  }
  await conclude(turn, `The plan was not approved after ${PLAN_ATTEMPTS} tries.`);
}

async function carryOutPlan(turn) {
  await turn.printText(`Plan approved; mode ${permissions.mode}`);
  const input = { file_path: join(process.cwd(), "hello.txt"), content: "hello\n" };
  const tool = await useTool(turn, "Write", input, writeFile);
  await conclude(turn, tool.allowed ? "Wrote hello.txt" : `Did not write hello.txt (${tool.message})`);
}

/** Asks, then withdraws the question as claude does when its turn is interrupted; a late answer is ignored. */
async function askCancel() {
  await printInit();
  const turn = new Turn();
  const toolUse = { type: "tool_use", id: newToolUseId(), name: "Bash", input: { command: "echo never-run" } };
  await turn.printBlock(turn.newMessage(), toolUse);
  const { requestId } = await sendControlRequest(canUseToolRequest(toolUse));
  await sleep(200);
  await cancelControlRequest(requestId);
  await printToolResult(toolUse.id, "The permission request was withdrawn.", true);
  await conclude(turn, "Cancelled the request");
}

async function askSeveral() {
  await printInit();
  const turn = new Turn();
  const ran = [];
  const notRun = [];
  for (const command of ["echo one", "echo two", "echo three"]) {
    const tool = await useTool(turn, "Bash", { command, description: `Run ${command}` }, runBash);
    if (tool.allowed) ran.push(tool.input.command);
    else notRun.push(command);
  }
  const list = (commands) => commands.join(", ") || "none";
  await conclude(turn, `Ran: ${list(ran)}; not run: ${list(notRun)}`);
}

/** A request of a subtype the host cannot know: it should refuse it (an error response) rather than leave it waiting. */
async function askUnknown() {
  await printInit();
  const turn = new Turn();
  const reply = await (await sendControlRequest({ subtype: "request_user_dialog", dialog_kind: "fake" })).answer;
  await conclude(
    turn,
    reply.subtype === "error"
      ? `Host refused: ${reply.error}`
      : `Host answered: ${JSON.stringify(reply.response ?? {})}`,
  );
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
  silent: { run: () => silentTurn({ toolOpen: false }) },
  "usage-limit": { run: (prompt) => usageLimitTurn(prompt) },
  "silent-tool": { run: () => silentTurn({ toolOpen: true }) },
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
  "ask-bash": { run: (prompt) => askBash(prompt) },
  "ask-edit": { run: (prompt) => askEdit(prompt) },
  "ask-question": { run: () => askQuestion() },
  plan: { run: () => planThenWrite() },
  "ask-cancel": { run: () => askCancel() },
  "ask-several": { run: () => askSeveral() },
  "ask-unknown": { run: () => askUnknown() },
  typing: {
    async run() {
      await printInit();
      const turn = new Turn();
      await turn.printText(TYPED_TEXT, numberFromEnv("FAKE_CLAUDE_DELTA_DELAY_MS", 150));
      // A piece of a message nobody started (a lost line): the view shows it as text, and runs none of it. Sent once,
      // after the message, when a page watching the typing is surely watching; the result, which ends it, a second on.
      if (flags["--include-partial-messages"]) {
        await printStreamEvent({
          type: "content_block_delta",
          index: 7,
          delta: {
            type: "text_delta",
            text: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>',
          },
        });
        await sleep(1000);
      }
      await turn.printResult("Typed a message.");
    },
  },
  todos: { run: () => todoTurn(numberFromEnv("FAKE_CLAUDE_DELAY_MS", 1500)) },
  "huge-line": {
    async run() {
      await printInit();
      const turn = new Turn();
      await turn.printText("0123456789".repeat(Math.ceil((2 * 1024 * 1024 + 1000) / 10)));
      await turn.printResult("Printed a huge line.");
    },
  },
};

/** What the `typing` scenario writes, a few characters at a time. */
const TYPED_TEXT =
  "Here is the plan, typed as I think of it:\n\n1. **Read** the repository\n2. Write the tests\n3. Make them pass\n\n" +
  "Every word shows as soon as it is written.";

function scenarioNamed(name) {
  const scenario = SCENARIOS[name];
  if (scenario) return scenario;
  process.stderr.write(`fake-claude: unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(", ")})\n`);
  process.exit(2);
}

// ---- input --------------------------------------------------------------------------------------

function parseInputLine(line) {
  try {
    return JSON.parse(line);
  } catch {
    process.stderr.write(`fake-claude: ignoring input that is not JSON: ${line.slice(0, 200)}\n`);
    return undefined;
  }
}

/** The text of a stream-json user message, or undefined for any other input. */
function userMessageText(message) {
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

/**
 * stdin's lines as they come, even while a turn is busy: a control_response settles the request it answers at once (a
 * turn may be waiting on it), and user messages queue up for the async iterable this returns.
 */
function readInput() {
  const queued = [];
  let wake = () => {};
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    const message = parseInputLine(line);
    if (message?.type === "control_response") settleControlRequest(message.response);
    const text = userMessageText(message);
    if (text === undefined) return;
    queued.push(text);
    wake();
  });
  lines.on("close", () => {
    inputClosed = true;
    giveUpWaiting();
    wake();
  });
  return (async function* userMessages() {
    for (;;) {
      if (queued.length > 0) yield queued.shift();
      else if (inputClosed) return;
      else await new Promise((resolve) => (wake = resolve));
    }
  })();
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
  // claude's own refusal, for the flag and for --permission-mode bypassPermissions alike; IS_SANDBOX=1 says the root
  // process is in a disposable sandbox.
  if (process.getuid?.() === 0 && permissions.mode === "bypassPermissions" && process.env.IS_SANDBOX !== "1") {
    await printStderr("--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons");
    return exitAfterFlush(1);
  }

  // A resumed loop or shell session carries on with the scenario it started with.
  scenarioName = session?.scenario || process.env.FAKE_CLAUDE_SCENARIO || undefined;
  let scenario = scenarioName ? scenarioNamed(scenarioName) : undefined;
  if (scenario?.atStart) return scenario.run();

  let answered = false;
  for await (const text of readInput()) {
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
