import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import type { SpawnTask } from "../../lib/shared/protocol/daemon";
import type { CompletionActionResult } from "../../lib/shared/protocol/worktree";
import { LOOP_SYSTEM_PROMPT } from "../../lib/shared/loop/system-prompt";
import { IterationText } from "../../lib/shared/loop/iteration-text";
import { LoginDetector } from "../auth/login-detector";
import type { ClaudeTokenStore } from "../auth/token-store";
import { buildClaudeArgs, childEnvironment } from "../claude/args";
import type { ControlChannelEvents } from "../claude/control-channel";
import type { LeftoverRecords } from "../claude/leftovers";
import { afterAnswer, permissionLaunch, runsAsRoot } from "../claude/permissions";
import { installMakimaShim } from "../claude/makima-shim";
import type { DaemonConfig } from "../config";
import { applyCompletionAction } from "../git/completion-action";
import { prepareRepository, type PreparedRepository } from "../git/repository";
import { createTaskWorktree, type TaskWorktree } from "../git/worktree";
import { worktreeFingerprint } from "../git/worktree-fingerprint";
import { directorySize } from "../git/worktree-inventory";
import { runLoop } from "../loop/loop-driver";
import type { Outbox } from "../relay/outbox";
import type { LiveTextRelay } from "../relay/live-text-relay";
import type { OutputRelay } from "../relay/output-relay";
import { sandboxWrapper } from "../sandbox/bubblewrap";
import type { SandboxedCommand } from "../sandbox/sandbox-binds";
import { withApiRetries, type ClaudeRun } from "./api-retries";
import { runClaude, type ClaudeSession } from "./claude-run";
import { SupervisorSession } from "./supervisor-session";
import { outcomeOfRun, setupFailure, type TaskOutcome } from "./task-outcome";
import { TaskSetupError } from "./task-setup-error";

/** What run-task needs from the manager about one task. */
export interface TaskHandle {
  spec: SpawnTask;
  relay: OutputRelay;
  /** What claude is writing, shown live (not stored). */
  live: LiveTextRelay;
  outbox: Outbox;
  stopRequested: boolean;
  /** Aborted when the task is stopped: ends a wait between runs. */
  stopSignal: AbortSignal;
  /** The claude run under way, if any. */
  claude?: ClaudeSession;
  /** Set when a supervisor task's claude runs begin. */
  supervisor?: SupervisorSession;
  /** Where the running claude is recorded, so a daemon that died without ending it ends it at its next start. */
  leftovers: LeftoverRecords;
  /** Called once per task, at the first sign in claude's output that its login is gone. */
  loginLost: () => void;
}

/**
 * Prepares the repository and worktree, runs claude there (once, in the autonomous loop, or as a supervisor), applies
 * the contract's completion action, and reports how it ended. A continuation goes on in the task's worktree, on
 * its conversation when it has one.
 */
export async function runTask(task: TaskHandle, config: DaemonConfig, tokens: ClaudeTokenStore): Promise<TaskOutcome> {
  const { spec, relay } = task;
  try {
    if (spec.continuation) relay.system(spec.continuation.note);
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

    const { claudeRun, login } = await claudeRunner(task, config, tokens, worktree);
    const outcome = await runClaudeWork(task, config, worktree, claudeRun, login);
    if (outcome.status === "waiting_for_usage_limit") relay.system(usageLimitNotice(outcome.resetsAt));
    return await finishWorktree(task, repository, worktree, outcome);
  } catch (error) {
    if (!(error instanceof TaskSetupError)) console.error(`[task ${spec.taskId}] unexpected error:`, error);
    if (task.stopRequested) return { success: false, status: "interrupted", error: "Stopped by user", exitCode: null };
    relay.system(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return setupFailure(error);
  }
}

/** How this task runs claude: in its worktree, sandboxed when so configured, with `makima` on PATH, watched for a lost login. */
async function claudeRunner(task: TaskHandle, config: DaemonConfig, tokens: ClaudeTokenStore, worktree: TaskWorktree) {
  const { spec, relay } = task;
  const makimaBin = await installMakimaShim(config.dataDir);
  const launch = permissionLaunch(spec.permissionMode, spec.allowRules, {
    runsAsRoot: runsAsRoot(),
    sandboxed: config.bubblewrap.enabled,
  });
  if (!launch.ok) throw new TaskSetupError(launch.error);
  const environment = { ...tokens.environment(), ...makimaEnvironment(spec, config, makimaBin), ...launch.env };
  const wrapper = config.bubblewrap.enabled
    ? await prepareSandbox(task, worktree, config, {
        command: config.claudeCommand,
        pathEnv: environment.PATH,
        makimaBin,
      })
    : (config.processWrapper ?? undefined);
  const login = new LoginDetector(task.loginLost);
  let permissions = launch.permissions;
  // The server learns claude's session as soon as claude names it: a task its daemon loses can still be resumed.
  let reportedSession = spec.continuation?.sessionId ?? null;
  const reportSession = (claudeSessionId: string) => {
    if (claudeSessionId === reportedSession) return;
    reportedSession = claudeSessionId;
    void task.outbox.send({ type: "taskStatusChange", taskId: spec.taskId, status: "running", claudeSessionId });
  };
  const runOnce: ClaudeRun = async (options, prompt, onLine) => {
    const run = await runClaude({
      command: config.claudeCommand,
      args: buildClaudeArgs({ ...options, permissions }),
      cwd: worktree.path,
      env: childEnvironment(process.env, environment),
      wrapper,
      prompt,
      relay,
      startupWarningMs: config.startupWarningMs,
      idleTimeoutMs: config.idleTimeoutMs,
      onStarted: (claude) => {
        if (claude.pid !== undefined) task.leftovers.record(spec.taskId, claude.pid);
        task.claude = {
          ...claude,
          answerApproval: (requestId, result) => {
            const taken = claude.answerApproval(requestId, result);
            if (taken) permissions = afterAnswer(permissions, result);
            return taken;
          },
        };
        // A stop that came while the run was being set up found no process to end.
        if (task.stopRequested) void claude.stop();
      },
      onLine: (line) => {
        login.line(line);
        if (line.sessionId) reportSession(line.sessionId);
        onLine?.(line);
      },
      control: approvalEvents(task),
      onLive: (live) => task.live.push(live),
    });
    task.live.close();
    // Messages from now on are for the next run, if any (a supervisor's).
    task.claude = undefined;
    task.leftovers.forget(spec.taskId);
    return run;
  };
  const claudeRun = withApiRetries(runOnce, {
    sleep: (ms) => sleep(ms, true, { signal: task.stopSignal }).catch(() => false),
    notice: (text) => relay.system(text),
    stopRequested: () => task.stopRequested,
  });
  return { claudeRun, login };
}

/** What the output says when claude stops on a usage limit (the server says when the task resumes). */
function usageLimitNotice(resetsAt: string | undefined): string {
  const when = resetsAt ? `claude says it resets at ${resetsAt}` : "claude did not say when it resets";
  return `Usage limit reached (${when}): the task lets its slot go and goes on after the reset`;
}

/**
 * Where claude's permission requests go: to the server (through the outbox, so a reconnect loses none), and the
 * task's status says while claude waits for a person.
 */
function approvalEvents(task: TaskHandle): ControlChannelEvents {
  const { spec, outbox, relay } = task;
  return {
    requested: (request) => void outbox.send({ type: "approvalRequest", taskId: spec.taskId, ...request }),
    withdrawn: (requestId, reason) =>
      void outbox.send({ type: "approvalWithdrawn", taskId: spec.taskId, requestId, reason }),
    waitingChanged: (waiting) =>
      void outbox.send({
        type: "taskStatusChange",
        taskId: spec.taskId,
        status: waiting ? "waiting_for_approval" : "running",
      }),
    notice: (text) => relay.system(text),
  };
}

/** Claude's work on the task: a supervisor's runs (never the autonomous loop), the autonomous loop, or one run of the plan. */
async function runClaudeWork(
  task: TaskHandle,
  config: DaemonConfig,
  worktree: TaskWorktree,
  claudeRun: ClaudeRun,
  login: LoginDetector,
) {
  const { plan, continuation } = task.spec;
  if (task.spec.isSupervisor) return runSupervisor(task, login, claudeRun);
  if (task.spec.autonomousLoop) return runAutonomousLoop(task, config, worktree, claudeRun);
  const run = await claudeRun({ resumeSessionId: continuation?.sessionId ?? undefined }, continuation?.prompt ?? plan);
  return outcomeOfRun(run, task.stopRequested);
}

/**
 * The bubblewrap sandbox for this task's claude runs; a missing extra bind is a warning in the task's output. What
 * `command` runs (claude, node, the `makima` shim, the daemon's install) is bound back where its tmpfs would hide it.
 */
async function prepareSandbox(
  task: TaskHandle,
  worktree: TaskWorktree,
  config: DaemonConfig,
  command: SandboxedCommand,
) {
  try {
    const wrapper = await sandboxWrapper(worktree.path, config.bubblewrap, command, {
      warn: (message) => task.relay.system(`Warning: ${message}`),
    });
    task.relay.system("Claude runs in a bubblewrap sandbox");
    return wrapper;
  } catch (error) {
    throw new TaskSetupError(
      `Could not prepare the bubblewrap sandbox: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A supervisor's runs: claude with the plan, then one run per message, until the task is stopped. */
function runSupervisor(task: TaskHandle, login: LoginDetector, claudeRun: ClaudeRun): Promise<TaskOutcome> {
  const { spec, relay, outbox } = task;
  task.supervisor = new SupervisorSession({
    runClaude: claudeRun,
    statusChanged: (status, claudeSessionId) =>
      outbox.send({ type: "taskStatusChange", taskId: spec.taskId, status, claudeSessionId }),
    system: (text) => relay.system(text),
    stopRequested: () => task.stopRequested,
    loginLost: () => login.detected,
  });
  return task.supervisor.run(spec.continuation?.prompt ?? spec.plan, spec.continuation?.sessionId ?? null);
}

function runAutonomousLoop(
  task: TaskHandle,
  config: DaemonConfig,
  worktree: TaskWorktree,
  claudeRun: ClaudeRun,
): Promise<TaskOutcome> {
  const { spec, relay } = task;
  const { continuation } = spec;
  return runLoop(
    {
      plan: spec.plan,
      maxIterations: spec.maxIterations,
      hardCap: config.loopHardCap,
      start: continuation && { ...continuation, iteration: Math.max(1, continuation.iteration) },
    },
    {
      async runIteration({ prompt, resumeSessionId, continueConversation }) {
        const text = new IterationText();
        const options = {
          systemPrompt: LOOP_SYSTEM_PROMPT,
          resumeSessionId: resumeSessionId ?? undefined,
          continueConversation,
        };
        const run = await claudeRun(options, prompt, (line) => text.addParts(line.loopText));
        return { run, text: text.text() };
      },
      fingerprint: () => worktreeFingerprint(worktree.path).catch(() => null),
      emit: (event) => relay.push("system", JSON.stringify(event), event.type),
      iterationStarted: (iteration) =>
        task.outbox.send({ type: "taskStatusChange", taskId: spec.taskId, status: "running", iteration }),
      stopRequested: () => task.stopRequested,
    },
  );
}

/**
 * What the `makima supervisor` / `makima contract` commands claude may run need: the `makima` command first on PATH,
 * and how to reach the API as this task.
 */
function makimaEnvironment(spec: SpawnTask, config: DaemonConfig, makimaBin: string): Record<string, string> {
  return {
    PATH: [makimaBin, process.env.PATH].filter(Boolean).join(path.delimiter),
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
async function finishWorktree(
  task: TaskHandle,
  repository: PreparedRepository,
  worktree: TaskWorktree,
  outcome: TaskOutcome,
): Promise<TaskOutcome> {
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
