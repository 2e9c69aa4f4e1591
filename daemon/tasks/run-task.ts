import type { SpawnTask } from "../../lib/protocol/daemon";
import type { CompletionActionResult } from "../../lib/protocol/worktree";
import { LOOP_SYSTEM_PROMPT } from "../../lib/loop/system-prompt";
import { IterationText } from "../../lib/loop/iteration-text";
import { LoginDetector } from "../auth/login-detector";
import type { ClaudeTokenStore } from "../auth/token-store";
import { buildClaudeArgs, childEnvironment, type ClaudeArgsOptions } from "../claude/args";
import type { DaemonConfig } from "../config";
import { applyCompletionAction } from "../git/completion-action";
import { prepareRepository, type PreparedRepository } from "../git/repository";
import { createTaskWorktree, type TaskWorktree } from "../git/worktree";
import { worktreeFingerprint } from "../git/worktree-fingerprint";
import { directorySize } from "../git/worktree-inventory";
import { runLoop } from "../loop/loop-driver";
import type { Outbox } from "../relay/outbox";
import type { OutputRelay } from "../relay/output-relay";
import { sandboxWrapper } from "../sandbox/bubblewrap";
import { runClaude, type ClaudeRunResult, type ClaudeSession } from "./claude-run";
import { outcomeOfRun, setupFailure, type TaskOutcome } from "./task-outcome";
import { TaskSetupError } from "./task-setup-error";

/** What run-task needs from the manager about one task. */
export interface TaskHandle {
  spec: SpawnTask;
  relay: OutputRelay;
  outbox: Outbox;
  stopRequested: boolean;
  claude?: ClaudeSession;
  /** Called once per task, at the first sign in claude's output that its login is gone. */
  loginLost: () => void;
}

type ClaudeRun = (options: ClaudeArgsOptions, prompt: string, onStdoutLine?: (line: string, seq: number) => void) => Promise<ClaudeRunResult>;

/**
 * Prepares the repository and worktree, runs claude there (once, or in the autonomous loop), applies the contract's
 * completion action, and reports how it ended.
 */
export async function runTask(task: TaskHandle, config: DaemonConfig, tokens: ClaudeTokenStore): Promise<TaskOutcome> {
  const { spec, relay } = task;
  try {
    relay.system(`Preparing repository ${spec.repository}`);
    const repository = await prepareRepository(spec.repository, config.reposDir);
    const worktree = await createTaskWorktree({
      repository,
      worktreesDir: config.worktreesDir,
      taskId: spec.taskId,
      taskName: spec.taskName,
      baseBranch: spec.baseBranch,
    });
    relay.system(`Worktree ${worktree.path} on branch ${worktree.branch}`);
    if (task.stopRequested) throw new TaskSetupError("Stopped by user before claude started");
    await task.outbox.send({
      type: "taskStatusChange",
      taskId: spec.taskId,
      status: "running",
      worktreePath: worktree.path,
      branch: worktree.branch,
    });

    const wrapper = config.bubblewrap.enabled ? await prepareSandbox(task, worktree, config) : undefined;
    const login = new LoginDetector(task.loginLost);
    const claudeRun: ClaudeRun = (options, prompt, onStdoutLine) =>
      runClaude({
        command: config.claudeCommand,
        args: buildClaudeArgs(options),
        cwd: worktree.path,
        env: childEnvironment(process.env, { ...tokens.environment(), ...makimaEnvironment(spec, config) }),
        wrapper,
        prompt,
        relay,
        startupWarningMs: config.startupWarningMs,
        onStarted: (claude) => (task.claude = claude),
        onStdoutLine: (line, seq) => {
          login.stdout(line);
          onStdoutLine?.(line, seq);
        },
        onStderrLine: (line) => login.stderr(line),
      });
    const outcome = spec.autonomousLoop
      ? await runAutonomousLoop(task, config, worktree, claudeRun)
      : outcomeOfRun(await claudeRun({}, spec.plan), task.stopRequested);
    return await finishWorktree(task, repository, worktree, outcome);
  } catch (error) {
    if (!(error instanceof TaskSetupError)) console.error(`[task ${spec.taskId}] unexpected error:`, error);
    if (task.stopRequested) return { success: false, status: "interrupted", error: "Stopped by user", exitCode: null };
    relay.system(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return setupFailure(error);
  }
}

/** The bubblewrap sandbox for this task's claude runs; a missing extra bind is a warning in the task's output. */
async function prepareSandbox(task: TaskHandle, worktree: TaskWorktree, config: DaemonConfig) {
  try {
    const wrapper = await sandboxWrapper(worktree.path, config.bubblewrap, { warn: (message) => task.relay.system(`Warning: ${message}`) });
    task.relay.system("Claude runs in a bubblewrap sandbox");
    return wrapper;
  } catch (error) {
    throw new TaskSetupError(`Could not prepare the bubblewrap sandbox: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function runAutonomousLoop(task: TaskHandle, config: DaemonConfig, worktree: TaskWorktree, claudeRun: ClaudeRun): Promise<TaskOutcome> {
  const { spec, relay } = task;
  return runLoop(
    { plan: spec.plan, maxIterations: spec.maxIterations, hardCap: config.loopHardCap },
    {
      async runIteration({ prompt, resumeSessionId, continueConversation }) {
        const text = new IterationText();
        const options = { systemPrompt: LOOP_SYSTEM_PROMPT, resumeSessionId: resumeSessionId ?? undefined, continueConversation };
        const run = await claudeRun(options, prompt, (line, seq) => text.add({ seq, stream: "stdout", line }));
        return { run, text: text.text() };
      },
      fingerprint: () => worktreeFingerprint(worktree.path).catch(() => null),
      emit: (event) => relay.push("system", JSON.stringify(event), event.type),
      iterationStarted: (iteration) => task.outbox.send({ type: "taskStatusChange", taskId: spec.taskId, status: "running", iteration }),
      stopRequested: () => task.stopRequested,
    },
  );
}

/** What the `makima supervisor` / `makima contract` commands claude may run need to reach the API as this task. */
function makimaEnvironment(spec: SpawnTask, config: DaemonConfig): Record<string, string> {
  return {
    MAKIMA_API_URL: config.serverUrl,
    MAKIMA_TASK_ID: spec.taskId,
    MAKIMA_CONTRACT_ID: spec.contractId,
    ...(spec.apiKey ? { MAKIMA_API_KEY: spec.apiKey } : {}),
  };
}

/**
 * After claude: applies the contract's completion action when the task succeeded (its result is shown in the output
 * and reported on the task) and measures the worktree's size on disk.
 */
async function finishWorktree(task: TaskHandle, repository: PreparedRepository, worktree: TaskWorktree, outcome: TaskOutcome): Promise<TaskOutcome> {
  const { spec, relay } = task;
  let completionAction: CompletionActionResult | undefined;
  if (outcome.status === "completed" && spec.completionAction !== "none") {
    completionAction = await applyCompletionAction({
      action: spec.completionAction,
      worktreePath: worktree.path,
      branch: worktree.branch,
      repository,
      targetBranch: spec.targetBranch,
      taskName: spec.taskName,
    });
    relay.system(`Completion action (${spec.completionAction}): ${completionAction.message}`);
  }
  return { ...outcome, worktreeBytes: await directorySize(worktree.path), completionAction };
}
