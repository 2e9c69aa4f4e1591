import { describe, expect, it } from "vitest";
import type { ApiOutputLine, MakimaApi, OutputPage } from "./api";
import { apiTask } from "./test-fixtures";
import { readOutput, waitForTask } from "./task-polling";

function clock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** An api whose task goes through `statuses`, one per request, staying at the last. */
function taskApi(statuses: string[]): MakimaApi {
  let asked = 0;
  return {
    task: async () => ({ task: apiTask({ status: statuses[Math.min(asked++, statuses.length - 1)] as never }) }),
  } as unknown as MakimaApi;
}

const line = (seq: number): ApiOutputLine => ({
  seq,
  stream: "stdout",
  line: `line ${seq}`,
  jsonType: null,
  createdAt: "2026-11-25T10:00:00.000Z",
});

describe("waitForTask", () => {
  it("asks every second until the task has ended; pending and paused are not ended", async () => {
    const time = clock();
    const { task, timedOut } = await waitForTask(
      taskApi(["pending", "running", "paused", "completed"]),
      "t",
      null,
      time,
    );
    expect({ status: task.status, timedOut }).toEqual({ status: "completed", timedOut: false });
    expect(time.sleeps).toEqual([1000, 1000, 1000]);
  });

  it("stops at the timeout, its last sleep cut to it", async () => {
    const time = clock();
    const { task, timedOut } = await waitForTask(taskApi(["paused"]), "t", 2500, time);
    expect({ status: task.status, timedOut }).toEqual({ status: "paused", timedOut: true });
    expect(time.sleeps).toEqual([1000, 1000, 500]);
  });

  it("does not wait for a task that has already ended", async () => {
    const time = clock();
    expect((await waitForTask(taskApi(["iteration_limit_reached"]), "t", 0, time)).timedOut).toBe(false);
    expect(time.sleeps).toEqual([]);
  });
});

describe("readOutput", () => {
  /** Pages as the server gives them: lines after afterSeq, at most `limit`, from a store that grows per poll. */
  function outputApi(polls: { lines: number; status: string }[], limit = 2) {
    let poll = 0;
    const asked: number[] = [];
    const api = {
      output: async (_id: string, afterSeq: number): Promise<OutputPage> => {
        asked.push(afterSeq);
        const state = polls[Math.min(poll++, polls.length - 1)];
        const rest = Array.from({ length: state.lines }, (_, index) => line(index + 1)).filter((l) => l.seq > afterSeq);
        const lines = rest.slice(0, limit);
        return {
          lines,
          nextSeq: lines.at(-1)?.seq ?? afterSeq,
          hasMore: rest.length > limit,
          status: state.status as never,
        };
      },
    } as unknown as MakimaApi;
    return { api, asked };
  }

  it("pages through the stored lines once without --follow", async () => {
    const { api, asked } = outputApi([{ lines: 5, status: "running" }]);
    const seen: number[] = [];
    const status = await readOutput(api, "t", {
      follow: false,
      sleep: async () => undefined,
      onLine: (l) => seen.push(l.seq),
    });
    expect({ status, seen, asked }).toEqual({ status: "running", seen: [1, 2, 3, 4, 5], asked: [0, 2, 4] });
  });

  it("follows until the task has ended and everything is read, each line once", async () => {
    const { api } = outputApi([
      { lines: 0, status: "pending" },
      { lines: 1, status: "running" },
      { lines: 1, status: "running" },
      { lines: 4, status: "running" },
      { lines: 4, status: "running" },
      { lines: 6, status: "completed" },
    ]);
    const seen: number[] = [];
    const sleeps: number[] = [];
    const status = await readOutput(api, "t", {
      follow: true,
      sleep: async (ms) => void sleeps.push(ms),
      onLine: (l) => seen.push(l.seq),
    });
    expect(status).toBe("completed");
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sleeps.every((ms) => ms === 1000)).toBe(true);
  });

  it("never hands on a line twice, even if the server repeats one", async () => {
    const pages: OutputPage[] = [
      { lines: [line(1), line(2)], nextSeq: 2, hasMore: true, status: "running" },
      { lines: [line(2), line(3)], nextSeq: 3, hasMore: false, status: "completed" },
    ];
    const api = { output: async () => pages.shift()! } as unknown as MakimaApi;
    const seen: number[] = [];
    await readOutput(api, "t", { follow: true, sleep: async () => undefined, onLine: (l) => seen.push(l.seq) });
    expect(seen).toEqual([1, 2, 3]);
  });
});
