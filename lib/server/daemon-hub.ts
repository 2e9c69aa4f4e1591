import "server-only";
import type { Namespace, Socket } from "socket.io";
import type { z } from "zod";
import type { PrismaClient } from "./db/client";
import type { Task } from "../generated/prisma/client";
import {
  ASSIGNED_TASK_STATUSES,
  RUNNING_TASK_STATUSES,
  CommandAck,
  DaemonEvent,
  DaemonMessage,
  describeIssues,
  type DaemonCommand,
  type DaemonMessageOf,
  type LiveText,
  type MessageAckReply,
} from "../shared/protocol/daemon";
import type { WorktreeFolder } from "../shared/protocol/worktree";
import { findValidApiKey } from "./api-keys/api-key-store";
import { OutputGapError, type LiveOutput } from "./live-output";
import { TaskGoneError } from "./output-store";
import { splitAck } from "./socket-ack";
import type { TaskLifecycle } from "./tasks/task-lifecycle";

interface ConnectedDaemon {
  id: string;
  hostname: string;
  capacity: number;
  socket: Socket;
  /** The API key it authenticated with: revoking it disconnects the daemon. */
  keyId: string;
  /** Tasks this daemon is known to own, so output need not be checked against the database each time. */
  ownedTasks: Set<string>;
  /** Ownership checks under way: a task's messages share one, so they go on in the order they came. */
  ownershipChecks: Map<string, Promise<boolean>>;
}

export interface DaemonHubOptions {
  db: PrismaClient;
  lifecycle: TaskLifecycle;
  /** Publishes each batch of output to browsers at once, then stores it (the ack waits for the store). */
  output: Pick<LiveOutput, "receive">;
  /** How long a disconnected daemon has to come back before its tasks are interrupted. */
  graceMs: number;
  /** A daemon came or went, or its load changed. */
  onDaemonsChanged: () => void;
  /** Capacity may have freed up: pending tasks can be assigned. */
  onCapacity: () => void;
  /** A daemon authenticated: what waited for it can be sent. */
  onAuthenticated: (daemonId: string) => void;
  /** A task ended on its daemon. */
  onTaskEnded: (taskId: string) => void;
  /** A supervisor's claude exited: the task waits for a message (or its end). */
  onSupervisorWaiting: (task: Task) => void;
  /** A daemon reported how removing a task's worktree went; false when no such clean-up was asked of it. */
  onCleanupResult: (daemonId: string, result: DaemonMessageOf<"cleanupWorktreeResult">) => Promise<boolean>;
  /** A daemon listed the folders of its worktrees folder. */
  onInventory: (daemonId: string, worktrees: WorktreeFolder[]) => Promise<void>;
  /** A daemon's claude needs a login. */
  onAuthenticationRequired: (daemonId: string, message: DaemonMessageOf<"authenticationRequired">) => Promise<void>;
  /** The text claude is writing in one of the daemon's tasks: for browsers following it, never stored. */
  onLiveText: (taskId: string, live: LiveText) => void;
  /** claude asks a person something (stored, told to browsers); a replay of one already stored changes nothing. */
  onApprovalRequest: (message: DaemonMessageOf<"approvalRequest">) => Promise<void>;
  onApprovalWithdrawn: (message: DaemonMessageOf<"approvalWithdrawn">) => Promise<void>;
  /** A daemon's connection came or went (after authentication); not called while the server shuts down. */
  onConnectionChanged: (daemon: { id: string; hostname: string }, connected: boolean) => void;
}

const AUTH_TIMEOUT_MS = 10_000;

/** A command that failed: refused, or `unanswered` (the daemon may have done it and lost its answer). */
export type CommandFailure = { ok: false; error: string; unanswered?: true };

/**
 * The `/daemon` namespace: authenticates daemons, validates every message they send, stores their
 * output and status reports, and carries commands to them.
 */
export class DaemonHub {
  private readonly connected = new Map<string, ConnectedDaemon>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private closing = false;

  constructor(
    namespace: Namespace,
    private readonly options: DaemonHubOptions,
  ) {
    namespace.on("connection", (socket) => this.attach(socket));
  }

  private attach(socket: Socket): void {
    let daemon: ConnectedDaemon | undefined;
    /** The machine this connection authenticates as: set at its first authenticate, before any await. */
    let machineId: string | undefined;
    const authTimer = setTimeout(() => {
      console.warn(`[daemon-hub] ${socket.handshake.address} did not authenticate within ${AUTH_TIMEOUT_MS} ms`);
      socket.disconnect(true);
    }, AUTH_TIMEOUT_MS);

    socket.on(DaemonEvent.message, async (...args: unknown[]) => {
      const { payload, ack } = splitAck<(reply: MessageAckReply) => void>(args);
      const reply = (answer: MessageAckReply) => ack?.(answer);
      const parsed = DaemonMessage.safeParse(payload);
      if (!parsed.success) {
        const error = `Invalid message: ${describeIssues(parsed.error)}`;
        console.warn(`[daemon-hub] rejected a message from ${daemon?.hostname ?? socket.handshake.address}: ${error}`);
        return reply({ ok: false, error, fatal: false });
      }
      const message = parsed.data;
      try {
        if (message.type === "authenticate" && machineId !== undefined && machineId !== message.machineId) {
          // Another machine on this connection would leave the first one marked connected after the socket closes.
          reply({
            ok: false,
            error: `This connection is machine ${machineId}'s: connect another on its own`,
            fatal: false,
          });
        } else if (message.type === "authenticate") {
          clearTimeout(authTimer);
          machineId = message.machineId;
          daemon = await this.authenticate(socket, message, reply);
        } else if (!daemon) {
          reply({ ok: false, error: "Not authenticated: send authenticate first", fatal: false });
        } else {
          reply(await this.handle(daemon, message));
        }
      } catch (error) {
        console.error(`[daemon-hub] failed to handle ${message.type}:`, error);
        reply({ ok: false, error: `Server error while handling ${message.type}`, fatal: false, retryable: true });
      }
    });

    socket.on("disconnect", (reason) => {
      clearTimeout(authTimer);
      if (daemon && this.connected.get(daemon.id)?.socket === socket) void this.disconnected(daemon, reason);
    });
  }

  private async authenticate(
    socket: Socket,
    message: DaemonMessageOf<"authenticate">,
    reply: (answer: MessageAckReply) => void,
  ): Promise<ConnectedDaemon | undefined> {
    const { db } = this.options;
    const key = await findValidApiKey(db, message.apiKey, "daemon");
    if (!key) {
      console.warn(`[daemon-hub] refused daemon "${message.hostname}" (${socket.handshake.address}): invalid API key`);
      reply({ ok: false, error: "Authentication failed: the API key is invalid or revoked", fatal: true });
      setTimeout(() => socket.disconnect(true), 100);
      return undefined;
    }
    const now = new Date();
    const fields = {
      hostname: message.hostname,
      version: message.version,
      capacity: message.maxConcurrentTasks,
      runsAsRoot: message.runsAsRoot,
      sandboxed: message.sandboxed,
      restarts: message.restarts,
    };
    const row = await db.daemon.upsert({
      where: { machineId: message.machineId },
      create: { machineId: message.machineId, ...fields },
      update: { ...fields, status: "connected", connectedAt: now, lastHeartbeatAt: now, disconnectedAt: null },
    });
    clearTimeout(this.graceTimers.get(row.id));
    this.graceTimers.delete(row.id);

    const daemon: ConnectedDaemon = {
      id: row.id,
      hostname: row.hostname,
      capacity: row.capacity,
      socket,
      keyId: key.id,
      // Filled as its messages prove each task its own (owns()): a daemon's word for what it runs is not enough.
      ownedTasks: new Set(),
      ownershipChecks: new Map(),
    };
    const previous = this.connected.get(row.id);
    this.connected.set(row.id, daemon);
    // An earlier connection of the same daemon still open (its machine went silent, or the daemon was restarted
    // before the server noticed): closed only once replaced, so its disconnect does not mark the daemon gone.
    if (previous && previous.socket !== socket) previous.socket.disconnect(true);
    await this.options.lifecycle.daemonLostTasks(
      row.id,
      `Daemon ${row.hostname} restarted and no longer runs this task`,
      message.runningTaskIds,
    );
    console.log(`[daemon-hub] daemon ${row.hostname} connected (capacity ${row.capacity})`);
    reply({ ok: true, daemonId: row.id });
    await this.stopAbandonedTasks(daemon, message.runningTaskIds);
    this.options.onDaemonsChanged();
    this.options.onCapacity();
    this.options.onAuthenticated(row.id);
    this.options.onConnectionChanged(daemon, true);
    return daemon;
  }

  /** Tasks the daemon still runs that the server gave up on while it was away (interrupted, deleted). */
  private async stopAbandonedTasks(daemon: ConnectedDaemon, runningTaskIds: string[]): Promise<void> {
    if (runningTaskIds.length === 0) return;
    // Not `id in (the daemon's list)`: up to 1,000 ids, past Prisma's limit of bound parameters on SQLite.
    const kept = await this.options.db.task.findMany({
      where: { daemonId: daemon.id, status: { in: [...ASSIGNED_TASK_STATUSES] } },
      select: { id: true },
    });
    const keptIds = new Set(kept.map((task) => task.id));
    for (const taskId of runningTaskIds.filter((id) => !keptIds.has(id))) {
      console.warn(
        `[daemon-hub] telling ${daemon.hostname} to stop task ${taskId}, which was given up while it was away`,
      );
      void this.send(daemon.id, { type: "stopTask", taskId });
    }
  }

  private async handle(
    daemon: ConnectedDaemon,
    message: Exclude<DaemonMessage, { type: "authenticate" }>,
  ): Promise<MessageAckReply> {
    const { db, lifecycle, output } = this.options;
    if (message.type === "heartbeat") {
      await db.daemon.update({ where: { id: daemon.id }, data: { lastHeartbeatAt: new Date() } });
      return { ok: true };
    }
    if (message.type === "worktreeInventory") {
      await this.options.onInventory(daemon.id, message.worktrees);
      this.options.onDaemonsChanged();
      return { ok: true };
    }
    // A clean-up may answer for a task deleted meanwhile: it is checked against the requests, not the tasks.
    if (message.type === "cleanupWorktreeResult") {
      console.log(`[daemon-hub] clean-up of task ${message.taskId} on ${daemon.hostname}: ${message.message}`);
      if (await this.options.onCleanupResult(daemon.id, message)) return { ok: true };
      return { ok: false, error: `No clean-up of task ${message.taskId} was asked of this daemon`, fatal: false };
    }
    if (!(await this.owns(daemon, message.taskId))) {
      // A task deleted while it ran still has a worktree whose clean-up waited for it to end.
      if (message.type === "taskComplete") this.options.onTaskEnded(message.taskId);
      return { ok: false, error: `Task ${message.taskId} is not assigned to this daemon`, fatal: false };
    }
    switch (message.type) {
      case "taskOutput":
        // Browsers get the lines within this call, the daemon its ack once they are stored.
        try {
          return { ok: true, ackedSeq: await output.receive(message.taskId, message.lines) };
        } catch (error) {
          if (error instanceof OutputGapError)
            return { ok: false, error: error.message, fatal: false, retryable: true };
          if (!(error instanceof TaskGoneError)) throw error;
          daemon.ownedTasks.delete(message.taskId);
          return { ok: false, error: error.message, fatal: false };
        }
      case "taskStatusChange": {
        const task = await lifecycle.statusChanged(daemon.id, message);
        this.options.onDaemonsChanged();
        if (task?.status === "paused") {
          this.options.onCapacity();
          this.options.onSupervisorWaiting(task);
        }
        return { ok: true };
      }
      case "taskComplete":
        await lifecycle.completed(daemon.id, message);
        this.options.onDaemonsChanged();
        this.options.onCapacity();
        this.options.onTaskEnded(message.taskId);
        return { ok: true };
      case "taskLiveText": {
        const { type: _type, taskId, ...live } = message;
        this.options.onLiveText(taskId, live);
        return { ok: true };
      }
      case "approvalRequest":
        await this.options.onApprovalRequest(message);
        return { ok: true };
      case "approvalWithdrawn":
        await this.options.onApprovalWithdrawn(message);
        return { ok: true };
      case "authenticationRequired":
        console.warn(`[daemon-hub] claude on ${daemon.hostname} needs a login (task ${message.taskId})`);
        await this.options.onAuthenticationRequired(daemon.id, message);
        return { ok: true };
    }
  }

  private async owns(daemon: ConnectedDaemon, taskId: string): Promise<boolean> {
    if (daemon.ownedTasks.has(taskId)) return true;
    // A daemon sends a task's output batches without waiting for each ack: they must reach the output in order.
    let check = daemon.ownershipChecks.get(taskId);
    if (!check) {
      check = this.checkOwnership(daemon, taskId).finally(() => daemon.ownershipChecks.delete(taskId));
      daemon.ownershipChecks.set(taskId, check);
    }
    return check;
  }

  private async checkOwnership(daemon: ConnectedDaemon, taskId: string): Promise<boolean> {
    const task = await this.options.db.task.findUnique({
      where: { id: taskId },
      select: { daemonId: true, status: true },
    });
    // A task waiting to go on (pending again) is not this daemon's yet: lines of the run it lost are not taken.
    if (task?.daemonId !== daemon.id || task.status === "pending" || task.status === "waiting_for_usage_limit")
      return false;
    daemon.ownedTasks.add(taskId);
    return true;
  }

  private async disconnected(daemon: ConnectedDaemon, reason: string): Promise<void> {
    this.connected.delete(daemon.id);
    console.warn(`[daemon-hub] daemon ${daemon.hostname} disconnected (${reason})`);
    await this.options.db.daemon.update({
      where: { id: daemon.id },
      data: { status: "disconnected", disconnectedAt: new Date() },
    });
    this.startGrace(daemon.id, daemon.hostname);
    this.options.onDaemonsChanged();
    if (!this.closing) this.options.onConnectionChanged(daemon, false);
  }

  /** Interrupts the daemon's tasks unless it reconnects within the grace period. */
  startGrace(daemonId: string, hostname: string): void {
    clearTimeout(this.graceTimers.get(daemonId));
    const seconds = Math.round(this.options.graceMs / 1000);
    const timer = setTimeout(async () => {
      this.graceTimers.delete(daemonId);
      if (this.connected.has(daemonId)) return;
      const lost = await this.options.lifecycle.daemonLostTasks(
        daemonId,
        `Daemon ${hostname} disconnected and did not come back within ${seconds} s`,
      );
      if (lost.length) this.options.onDaemonsChanged();
    }, this.options.graceMs);
    timer.unref();
    this.graceTimers.set(daemonId, timer);
  }

  /**
   * At start-up no daemon is connected yet. Those a previous server run left marked connected, or with
   * tasks still active, get the same grace as a fresh disconnect to come back for their tasks.
   */
  async adoptStaleDaemons(): Promise<void> {
    const { db } = this.options;
    const stale = await db.daemon.findMany({
      where: { OR: [{ status: "connected" }, { tasks: { some: { status: { in: [...ASSIGNED_TASK_STATUSES] } } } }] },
    });
    for (const row of stale) {
      if (row.status === "connected") {
        await db.daemon.update({ where: { id: row.id }, data: { status: "disconnected", disconnectedAt: new Date() } });
      }
      this.startGrace(row.id, row.hostname);
    }
  }

  /** Connected daemons with the number of tasks each can still take. */
  async freeSlots(): Promise<Map<string, number>> {
    const active = await this.options.db.task.groupBy({
      by: ["daemonId"],
      where: { daemonId: { in: [...this.connected.keys()] }, status: { in: [...RUNNING_TASK_STATUSES] } },
      _count: { _all: true },
    });
    const load = new Map(active.map((row) => [row.daemonId, row._count._all]));
    return new Map([...this.connected.values()].map((d) => [d.id, d.capacity - (load.get(d.id) ?? 0)]));
  }

  /** A key was revoked: daemons connected with it are dropped, and refused when they try again. */
  disconnectKey(keyId: string): number {
    const using = [...this.connected.values()].filter((daemon) => daemon.keyId === keyId);
    for (const daemon of using) {
      console.warn(`[daemon-hub] disconnecting ${daemon.hostname}: its API key was revoked`);
      daemon.socket.disconnect(true);
    }
    return using.length;
  }

  isConnected(daemonId: string): boolean {
    return this.connected.has(daemonId);
  }

  /** Sends a command and waits for the daemon's answer. */
  send(daemonId: string, command: DaemonCommand, timeoutMs = 15_000): Promise<{ ok: true } | CommandFailure> {
    return this.request(daemonId, command, CommandAck, timeoutMs);
  }

  /** Sends a command whose answer carries data, checked against `reply`. */
  async request<S extends z.ZodType<{ ok: true } | { ok: false; error: string }>>(
    daemonId: string,
    command: DaemonCommand,
    reply: S,
    timeoutMs = 15_000,
  ): Promise<z.infer<S> | CommandFailure> {
    const daemon = this.connected.get(daemonId);
    if (!daemon) return { ok: false, error: "The daemon is not connected" };
    if (command.type === "spawnTask") daemon.ownedTasks.add(command.taskId);
    try {
      const answer = await daemon.socket.timeout(timeoutMs).emitWithAck(DaemonEvent.command, command);
      const parsed = reply.safeParse(answer);
      return parsed.success ? parsed.data : { ok: false, error: "The daemon sent an unreadable answer" };
    } catch {
      return {
        ok: false,
        error: `The daemon did not answer within ${Math.round(timeoutMs / 1000)} s`,
        unanswered: true,
      };
    }
  }

  closeAll(): void {
    this.closing = true;
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    for (const daemon of this.connected.values()) daemon.socket.disconnect(true);
  }
}
