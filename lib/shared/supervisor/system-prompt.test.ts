import { describe, expect, it } from "vitest";
import { SUPERVISOR_SYSTEM_PROMPT } from "./system-prompt";

/** The CLI interface agreed with the `makima supervisor` / `makima contract` commands, as the prompt must teach it. */
const COMMANDS = [
  'makima supervisor spawn "<name>" "<plan>" [--parent <id>]',
  "makima supervisor tasks",
  "makima supervisor tree",
  "makima supervisor task <id>",
  "makima supervisor output <id> [--follow]",
  "makima supervisor wait <id> [timeout-seconds]",
  "makima supervisor diff <id>",
  "makima supervisor read-file <id> <path>",
  "makima supervisor merge <id> [--to <branch>] [--squash]",
  "makima contract show|status|tasks",
  'makima contract report "<progress>"',
  "makima contract complete",
];

describe("SUPERVISOR_SYSTEM_PROMPT", () => {
  it.each(COMMANDS)("teaches %s", (command) => {
    expect(SUPERVISOR_SYSTEM_PROMPT).toContain(command);
  });

  it("says every command takes --json and --help, and what wait's exit codes mean", () => {
    expect(SUPERVISOR_SYSTEM_PROMPT).toMatch(/--json.*--help/);
    expect(SUPERVISOR_SYSTEM_PROMPT).toMatch(
      /0 when it completed, 1 when it failed or was interrupted, 124 on timeout/,
    );
  });
});
