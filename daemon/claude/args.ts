import type { ClaudePermissions } from "./permissions";

/**
 * How the daemon talks to the `claude` CLI: its command-line flags, the stream-json lines it
 * reads on stdin, and the environment it runs in.
 */

export interface ClaudeArgsOptions {
  systemPrompt?: string;
  /** Continue this session (`--resume <id>`); wins over `continueConversation`. */
  resumeSessionId?: string;
  /** Continue the most recent conversation in the working directory (`--continue`). */
  continueConversation?: boolean;
  model?: string;
  maxTurns?: number;
  /** `bypassPermissions` runs claude with `--dangerously-skip-permissions`: it asks nothing. */
  permissions: ClaudePermissions;
}

/** What one run of a task asks for beyond the task's permissions, which the task's runner adds. */
export type ClaudeRunArgs = Omit<ClaudeArgsOptions, "permissions">;

export function buildClaudeArgs(options: ClaudeArgsOptions): string[] {
  // stream-json output with -p is refused without --verbose.
  // Partial messages: the text as claude writes it (stream_event lines), shown live and never stored.
  const args = [
    "-p",
    "--output-format",
    "stream-json",
    "--input-format",
    "stream-json",
    "--verbose",
    "--include-partial-messages",
  ];
  const permissions = options.permissions;
  if (permissions.mode === "bypassPermissions") {
    args.push("--dangerously-skip-permissions");
  } else {
    // claude asks on its stdio (control_request lines), as the agent SDK has it do; each rule is its own argument.
    args.push("--permission-mode", permissions.mode, "--permission-prompt-tool", "stdio");
    for (const rule of permissions.allowedTools) args.push("--allowedTools", rule);
  }
  if (options.systemPrompt) args.push("--append-system-prompt", options.systemPrompt);
  if (options.resumeSessionId) {
    args.push("--resume", options.resumeSessionId);
  } else if (options.continueConversation) {
    args.push("--continue");
  }
  if (options.model) args.push("--model", options.model);
  if (options.maxTurns !== undefined) {
    if (!Number.isInteger(options.maxTurns) || options.maxTurns < 1) {
      throw new RangeError(`maxTurns must be a positive integer, got ${options.maxTurns}`);
    }
    args.push("--max-turns", String(options.maxTurns));
  }
  return args;
}

/** One user message for claude's stdin in `--input-format stream-json` (add the "\n" when writing). */
export function userMessageLine(text: string): string {
  // JSON.stringify escapes newlines inside the text, so this is always a single line.
  return JSON.stringify({ type: "user", message: { role: "user", content: text } });
}

/**
 * The child's environment: `base` without `CLAUDECODE` and `CLAUDE_CODE_*` (set when the daemon
 * itself runs under Claude Code; claude refuses to start nested with them), then `extra`.
 * CLAUDE_CODE_OAUTH_TOKEN is kept: it is how a machine without a stored login gives claude its credentials.
 */
export function childEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (
      value === undefined ||
      name === "CLAUDECODE" ||
      (name.startsWith("CLAUDE_CODE_") && name !== "CLAUDE_CODE_OAUTH_TOKEN")
    )
      continue;
    // The daemon's own key stays with the daemon; a task gets a key of its own in `extra`.
    if (name === "MAKIMA_API_KEY") continue;
    env[name] = value;
  }
  // Next.js's typings make NODE_ENV a required key of ProcessEnv; a child's environment may lack it.
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}
