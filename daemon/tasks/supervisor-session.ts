import { SUPERVISOR_SYSTEM_PROMPT } from "../../lib/shared/supervisor/system-prompt";
import type { ClaudeRunArgs } from "../claude/args";
import type { ClaudeRunResult } from "./claude-run";
import { outcomeOfRun, RunTotals, type TaskOutcome } from "./task-outcome";

export const SUPERVISOR_WAITING = "Supervisor is waiting for input: send it a message to continue";

export interface SupervisorDeps {
  /** Runs claude once in the task's worktree. */
  runClaude(options: ClaudeRunArgs, prompt: string): Promise<ClaudeRunResult>;
  /** Tells the server the supervisor waits for a message (paused), or works on one again (running). */
  statusChanged(status: "paused" | "running", claudeSessionId: string | undefined): Promise<void>;
  /** A notice in the task's output. */
  system(text: string): void;
  stopRequested(): boolean;
  /** claude said its login is gone: only a new login helps, so the task fails (and can be restarted after one). */
  loginLost(): boolean;
}

type State = "working" | "waiting" | "ended";

/**
 * A supervisor task's claude runs. When claude exits the task does not end: it waits (paused) for a message, which
 * resumes the conversation in a new run. A stop while claude runs interrupts it; a stop while it waits ends it as its
 * last run went (how a supervisor normally ends: the server stops it when its contract is completed). A claude that
 * cannot start or has lost its login ends it as failed.
 */
export class SupervisorSession {
  private state: State = "working";
  /** Messages that came while claude was finishing (its input closed): the next run's prompt. */
  private queued: string[] = [];
  private wake: (message: string | null) => void = () => {};

  constructor(private readonly deps: SupervisorDeps) {}

  /** Only a working supervisor holds a claude process (or is about to): one waiting or ended does not count against capacity. */
  get holdsClaude(): boolean {
    return this.state === "working";
  }

  /** Runs the plan, or, going on after an interruption, `prompt` on the conversation `resumeSessionId`. */
  async run(prompt: string, resumeSessionId: string | null = null): Promise<TaskOutcome> {
    const totals = new RunTotals();
    try {
      let run = await this.deps.runClaude(
        { systemPrompt: SUPERVISOR_SYSTEM_PROMPT, resumeSessionId: resumeSessionId ?? undefined },
        prompt,
      );
      for (;;) {
        totals.add(run);
        const outcome = outcomeOfRun(run, this.deps.stopRequested());
        const ends = outcome.status === "interrupted" || outcome.status === "waiting_for_usage_limit";
        if (ends || run.exit.spawnError || this.deps.loginLost()) return totals.finish(outcome);
        if (!outcome.success) this.deps.system(`Supervisor's claude run failed: ${outcome.error}`);

        const message = await this.nextMessage(totals.claudeSessionId);
        // A stop that came with (or just after) the message ends the task before another run starts.
        if (message === null || this.deps.stopRequested()) return totals.finish(outcome);
        const sessionId = totals.claudeSessionId;
        run = await this.deps.runClaude(
          {
            systemPrompt: SUPERVISOR_SYSTEM_PROMPT,
            resumeSessionId: sessionId ?? undefined,
            continueConversation: sessionId === null,
          },
          message,
        );
      }
    } finally {
      this.state = "ended";
    }
  }

  /**
   * Takes a message claude's process could not: while waiting, it starts the next run; while claude is finishing, it
   * becomes the next run's prompt. False once the supervisor has ended.
   */
  deliver(message: string): boolean {
    if (this.state === "ended") return false;
    if (this.state === "waiting") {
      this.state = "working";
      this.wake(message);
    } else {
      this.queued.push(message);
    }
    return true;
  }

  /** Ends a waiting supervisor; false when it is not waiting (a working one is stopped through its claude process). */
  end(): boolean {
    if (this.state !== "waiting") return false;
    this.state = "ended";
    this.wake(null);
    return true;
  }

  /** The next run's prompt: messages that came while claude was finishing, else the next one to come; null when ended. */
  private async nextMessage(sessionId: string | null): Promise<string | null> {
    if (this.queued.length > 0) return this.queued.splice(0).join("\n\n");
    const message = new Promise<string | null>((resolve) => (this.wake = resolve));
    this.state = "waiting";
    this.deps.system(SUPERVISOR_WAITING);
    await this.deps.statusChanged("paused", sessionId ?? undefined);
    const next = await message;
    if (next !== null) await this.deps.statusChanged("running", sessionId ?? undefined);
    return next;
  }
}
