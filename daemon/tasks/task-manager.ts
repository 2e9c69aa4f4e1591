import path from "node:path";
import type { AnswerApprovalReply, CommandAck, DaemonCommand, DaemonCommandOf } from "../../lib/shared/protocol/daemon";
import { LoginFlow } from "../auth/login-flow";
import { LeftoverRecords } from "../claude/leftovers";
import { ClaudeTokenStore } from "../auth/token-store";
import type { DaemonConfig } from "../config";
import { Outbox } from "../relay/outbox";
import { LiveTextRelay } from "../relay/live-text-relay";
import { OutputRelay } from "../relay/output-relay";
import type { RelayTransport } from "../relay/transport";
import { RecentKeys } from "./recent-keys";
import { runTask, type TaskHandle } from "./run-task";
import { WorktreeCommands, type WorktreeUse } from "./worktree-commands";

type ManagedTask = TaskHandle & {
  finished: Promise<void>;
  stopController: AbortController;
  /** claude's last run has ended; the task waits only for its output and completion to reach the server. */
  runEnded: boolean;
};

/**
 * The daemon's tasks: takes commands from the server and never runs more than `maxTasks` at once. A task
 * stops counting against capacity when its claude run ends, but stays known (and reported as running
 * after a reconnect) until its last line and its completion have reached the server. A supervisor waiting
 * for a message between its runs holds no claude process and does not count either.
 */
export class TaskManager {
  private readonly tasks = new Map<string, ManagedTask>();
  /** The runs started lately (`taskId#runNumber`), so a spawnTask sent again after its run ended starts nothing. */
  private readonly startedRuns = new RecentKeys(10_000);
  private readonly outbox: Outbox;
  readonly worktrees: WorktreeCommands;
  /** The daemon's one remote login, started by the first task that finds claude logged out. */
  readonly login: LoginFlow;
  /** What a remote login gave, for every later claude run. */
  private readonly tokens: ClaudeTokenStore;
  /** The claude processes running, on disk: a daemon killed before it could end them ends them when it starts. */
  private readonly leftovers: LeftoverRecords;

  constructor(
    private readonly config: DaemonConfig,
    private readonly transport: RelayTransport,
  ) {
    this.outbox = new Outbox(transport);
    this.worktrees = new WorktreeCommands(config, this.outbox, {
      ids: () => this.runningTaskIds(),
      worktreeUse: (taskId) => this.worktreeUse(taskId),
    });
    this.tokens = new ClaudeTokenStore(config.dataDir);
    this.leftovers = new LeftoverRecords(path.join(config.dataDir, "processes"));
    for (const { taskId, pid } of this.leftovers.endLeftovers())
      console.warn(`[daemon] ended claude (pid ${pid}) of task ${taskId}, left running by an earlier daemon`);
    this.login = new LoginFlow({
      claudeCommand: config.claudeCommand,
      wrapper: config.processWrapper,
      hostname: config.hostname,
      urlTimeoutMs: config.loginUrlTimeoutMs,
      send: (message) => void this.outbox.send(message),
      onToken: (token) => this.tokens.save(token),
    });
  }

  runningTaskIds(): string[] {
    return [...this.tasks.keys()];
  }

  /** The tasks that count against capacity: those whose claude runs, or is about to. */
  private get running(): number {
    let count = 0;
    for (const task of this.tasks.values()) if (!task.runEnded && (task.supervisor?.holdsClaude ?? true)) count++;
    return count;
  }

  /**
   * Whether a task still uses its worktree: "free" when unknown here; the promise of its end when claude has ended
   * or is being stopped (only its completion is still on its way); "in use" while claude works there, or while a
   * supervisor waits for its next message.
   */
  private worktreeUse(taskId: string): WorktreeUse {
    const task = this.tasks.get(taskId);
    if (!task) return "free";
    return task.runEnded || task.stopRequested ? task.finished : "in use";
  }

  /** After a reconnect: resend unacknowledged output, then pending status reports. */
  resume(): void {
    for (const task of this.tasks.values()) task.relay.resume();
    this.outbox.resume();
  }

  /** Answers each command; getTaskDiff, readRepoFile and removeWorktree answers carry their data along. */
  handle(command: DaemonCommand): Promise<CommandAck> | CommandAck {
    switch (command.type) {
      case "spawnTask":
        return this.spawn(command);
      case "sendInput":
        return this.sendInput(command.taskId, command.message);
      case "stopTask":
        return this.stop(command.taskId);
      case "cleanupWorktree":
        return this.worktrees.cleanup(command.taskId, command.deleteBranch);
      case "getTaskDiff":
        return this.worktrees.diff(command);
      case "readRepoFile":
        return this.worktrees.readFile(command);
      case "removeWorktree":
        return this.worktrees.remove(command.path);
      case "submitAuthCode":
        return this.login.submitCode(command.code);
      case "mergeTask":
        return this.worktrees.merge(command);
      case "answerApproval":
        return this.answerApproval(command);
    }
  }

  /** A person's answer, for the claude that asked; not taken when it no longer waits (nothing is answered twice). */
  private answerApproval(command: DaemonCommandOf<"answerApproval">): AnswerApprovalReply {
    const task = this.tasks.get(command.taskId);
    return { ok: true, taken: task?.claude?.answerApproval(command.requestId, command.result) ?? false };
  }

  /**
   * Starts the task's run unless it has started already: a spawnTask sent again (its acknowledgement was lost) is
   * acknowledged and starts no second claude. The next run of a task whose previous run is still finishing here is
   * refused while claude still runs, and waits for the completion to be delivered once claude has ended.
   */
  private spawn(spec: DaemonCommandOf<"spawnTask">): CommandAck | Promise<CommandAck> {
    const runKey = `${spec.taskId}#${spec.runNumber}`;
    const current = this.tasks.get(spec.taskId);
    if (current?.spec.runNumber === spec.runNumber || (!current && this.startedRuns.has(runKey))) return { ok: true };
    // The previous run's completion is on its way to the server that sends this: the next run starts after it.
    if (current?.runEnded) return current.finished.then(() => this.spawn(spec));
    if (current) return { ok: false, error: "The task's previous run is still finishing on this daemon" };
    if (this.running >= this.config.maxTasks) {
      return { ok: false, error: `Daemon is at capacity (${this.config.maxTasks} tasks)` };
    }
    this.startedRuns.add(runKey);
    const stopController = new AbortController();
    const handle: ManagedTask = {
      spec,
      relay: new OutputRelay(spec.taskId, this.transport, { firstSeq: spec.firstSeq }),
      live: new LiveTextRelay(spec.taskId, this.transport),
      outbox: this.outbox,
      stopRequested: false,
      stopController,
      stopSignal: stopController.signal,
      leftovers: this.leftovers,
      loginLost: () => void this.login.requireLogin(spec.taskId),
      finished: Promise.resolve(),
      runEnded: false,
    };
    this.tasks.set(spec.taskId, handle);
    handle.finished = (async () => {
      const outcome = await runTask(handle, this.config, this.tokens);
      handle.runEnded = true;
      await handle.relay.drained();
      await this.outbox.send({ type: "taskComplete", taskId: spec.taskId, ...outcome });
      this.tasks.delete(spec.taskId);
    })();
    return { ok: true };
  }

  /** To the running claude's stdin; a supervisor between runs takes it as its next run's prompt. */
  private sendInput(taskId: string, message: string): CommandAck {
    const task = this.tasks.get(taskId);
    if (!task?.claude && !task?.supervisor) return { ok: false, error: "The task has no running claude process" };
    if (!task.claude?.sendMessage(message) && !task.supervisor?.deliver(message)) {
      return { ok: false, error: "claude's input is closed: the task is finishing" };
    }
    task.relay.system(`Message sent: ${message}`);
    return { ok: true };
  }

  private async stop(taskId: string): Promise<CommandAck> {
    const task = this.tasks.get(taskId);
    if (!task) return { ok: false, error: "This daemon is not running the task" };
    // Its claude has ended: only its completion is on its way, and there is nothing left to stop (or to say).
    if (task.runEnded) return { ok: true };
    task.stopRequested = true;
    task.stopController.abort();
    if (task.supervisor?.end()) {
      task.relay.system("Stop requested: the waiting supervisor ends");
      return { ok: true };
    }
    task.relay.system("Stop requested: ending claude's process group");
    await task.claude?.stop();
    return { ok: true };
  }

  /** Stops every task and any login, and waits (up to `timeoutMs`) for the tasks' completions to be delivered. */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    const loginClosed = this.login.close();
    const all = [...this.tasks.values()];
    for (const task of all) {
      task.stopRequested = true;
      task.stopController.abort();
      task.supervisor?.end();
      void task.claude?.stop({ graceMs: 2000 });
    }
    await Promise.race([
      Promise.all([loginClosed, ...all.map((task) => task.finished)]),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }
}
