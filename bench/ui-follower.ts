/**
 * The browser's part of `bench/relay.ts`, in a process of its own (as a browser would be): follows the
 * given tasks on `/ui`, and reports what arrived and how late. Talks to its parent over IPC:
 *   parent → { taskIds }            subscribe to these tasks, answer "ready"
 *   child  → "ready" | "started"    subscribed | every task's claude is up (its init line arrived)
 *   parent → "report"               answer with a FollowerReport once every task has finished
 */
import { io } from "socket.io-client";
import { FINISHED_TASK_STATUSES } from "../lib/shared/protocol/daemon";
import {
  UI_NAMESPACE,
  UiEvent,
  type TaskHistoryPage,
  type TaskOutputEvent,
  type TaskUpdatedEvent,
} from "../lib/shared/protocol/ui";

export interface FollowedTask {
  /** How many times each seq arrived (index = seq). */
  seqCounts: number[];
  /** The numbers of the bench lines that arrived. */
  benchLines: number[];
  /** When claude printed this task's first bench line (epoch ms). */
  firstPrinted: number;
  status: string;
}

export interface FollowerReport {
  tasks: Record<string, FollowedTask>;
  /** Printed → received, ms, one per bench line. */
  latencies: number[];
  /** When each of those lines was printed (epoch ms), in the same order. */
  printedAt: number[];
  lastReceived: number;
}

const BENCH_TEXT = /"text":"bench (\d+) t=([\d.]+)"/;
const FINISHED = new Set<string>(FINISHED_TASK_STATUSES);
const now = () => performance.timeOrigin + performance.now();

const send = (message: unknown) => process.send!(message);
const [serverUrl] = process.argv.slice(2);
const socket = io(serverUrl + UI_NAMESPACE, {
  transports: ["websocket"],
  extraHeaders: { cookie: process.env.BENCH_UI_COOKIE ?? "", origin: serverUrl },
});
const tasks = new Map<string, FollowedTask & { started: boolean }>();
const latencies: number[] = [];
const printedTimes: number[] = [];
let lastReceived = 0;
let startedSent = false;

socket.on(UiEvent.taskOutput, ({ taskId, lines }: TaskOutputEvent) => {
  const receivedAt = now();
  const task = tasks.get(taskId);
  if (!task) return;
  for (const line of lines) {
    task.seqCounts[line.seq] = (task.seqCounts[line.seq] ?? 0) + 1;
    if (line.jsonType === "system") task.started = true;
    // A regex instead of JSON.parse: only the stamp is needed.
    const bench = line.jsonType === "assistant" ? BENCH_TEXT.exec(line.line) : null;
    if (!bench) continue;
    const printedAt = Number(bench[2]);
    task.benchLines.push(Number(bench[1]));
    latencies.push(receivedAt - printedAt);
    printedTimes.push(printedAt);
    task.firstPrinted = Math.min(task.firstPrinted, printedAt);
    lastReceived = receivedAt;
  }
  if (!startedSent && [...tasks.values()].every((t) => t.started)) {
    startedSent = true;
    send("started");
  }
});
socket.on(UiEvent.taskUpdated, (update: TaskUpdatedEvent) => {
  const task = tasks.get(update.id);
  if (task) task.status = update.status;
});

process.on("message", async (message: "report" | { taskIds: string[] }) => {
  if (message === "report") {
    while (![...tasks.values()].every((task) => FINISHED.has(task.status))) await new Promise((r) => setTimeout(r, 50));
    const report: FollowerReport = {
      tasks: Object.fromEntries([...tasks].map(([id, { started: _started, ...task }]) => [id, task])),
      latencies,
      printedAt: printedTimes,
      lastReceived,
    };
    socket.close();
    // Disconnecting before the message is flushed would lose it.
    process.send!(report, () => process.disconnect());
    return;
  }
  for (const taskId of message.taskIds) {
    tasks.set(taskId, { seqCounts: [], benchLines: [], firstPrinted: Infinity, status: "pending", started: false });
    const page: TaskHistoryPage = await socket
      .timeout(10_000)
      .emitWithAck(UiEvent.subscribeTask, { taskId, afterSeq: 0 });
    if (page.lines.length) throw new Error(`task ${taskId} has output before it was scheduled`);
  }
  send("ready");
});
