import { describe, expect, it } from "vitest";
import { runSupervisorCommand, WAIT_TIMEOUT_EXIT } from "./supervisor-command";
import { apiTask, fakeDeps, type Recorded } from "./test-fixtures";

type Respond = Parameters<typeof fakeDeps>[0];

async function supervisor(argv: string[], respond: Respond, options: Parameters<typeof fakeDeps>[1] = {}) {
  const { deps, recorded } = fakeDeps(respond, {
    env: { MAKIMA_API_KEY: "mk", MAKIMA_CONTRACT_ID: "c1", ...options.env },
    stdin: options.stdin,
  });
  const code = await runSupervisorCommand(argv, deps);
  return { code, ...recorded };
}

const created = (request: Recorded) => ({
  status: 201,
  json: {
    task: apiTask({
      id: "new",
      name: "Tests",
      parentTaskId: (request.body as { parentTaskId?: string }).parentTaskId ?? null,
    }),
  },
});

describe("spawn", () => {
  it("makes the calling task the parent, unless --parent says otherwise", async () => {
    const inTask = await supervisor(["spawn", "Tests", "Write tests"], created, { env: { MAKIMA_TASK_ID: "boss" } });
    expect(inTask.requests).toMatchObject([
      {
        method: "POST",
        url: "http://127.0.0.1:3000/api/v1/contracts/c1/tasks",
        body: { name: "Tests", plan: "Write tests", parentTaskId: "boss" },
      },
    ]);
    expect(inTask).toMatchObject({ code: 0, stdout: "Spawned new: Tests (pending, under boss)\n" });

    const explicit = await supervisor(["spawn", "Tests", "Write tests", "--parent", "other"], created, {
      env: { MAKIMA_TASK_ID: "boss" },
    });
    expect(explicit.requests[0].body).toMatchObject({ parentTaskId: "other" });
    const person = await supervisor(["spawn", "Tests", "Write tests", "--json"], created);
    expect(person.requests[0].body).toEqual({ name: "Tests", plan: "Write tests" });
    expect(JSON.parse(person.stdout)).toMatchObject({ task: { id: "new", parentTaskId: null } });
  });

  it('reads the plan from stdin when it is "-"', async () => {
    const piped = await supervisor(["spawn", "Tests", "-"], created, { stdin: "Line one\nLine two\n" });
    expect(piped.requests[0].body).toMatchObject({ plan: "Line one\nLine two\n" });
  });
});

describe("wait", () => {
  const ending = (...statuses: string[]) => {
    let asked = 0;
    return () => ({
      json: {
        task: apiTask({
          id: "t1",
          status: statuses[Math.min(asked++, statuses.length - 1)] as never,
          error: "claude exited with code 1",
        }),
      },
    });
  };

  it("exits 0 when the task completes, after polling every second", async () => {
    const run = await supervisor(["wait", "t1"], ending("pending", "running", "completed"));
    expect(run).toMatchObject({ code: 0, stdout: "t1 completed: claude exited with code 1\n", sleeps: [1000, 1000] });
  });

  it("exits 1 when it ends otherwise", async () => {
    for (const status of ["failed", "interrupted", "iteration_limit_reached"]) {
      expect((await supervisor(["wait", "t1"], ending("running", status))).code).toBe(1);
    }
  });

  it("exits 124 on timeout, a paused supervisor still counting as running", async () => {
    const run = await supervisor(["wait", "t1", "3", "--json"], ending("paused"));
    expect(run.code).toBe(WAIT_TIMEOUT_EXIT);
    expect(run.sleeps).toEqual([1000, 1000, 1000]);
    expect(run.stderr).toBe("makima supervisor wait: timed out after 3 s: t1 is still paused\n");
    expect(JSON.parse(run.stdout).task.status).toBe("paused");
  });
});

describe("output", () => {
  it("prints one JSON object per line with --json, and text otherwise", async () => {
    const lines = [
      {
        seq: 1,
        stream: "stdout",
        line: '{"type":"assistant","message":{"content":[{"type":"text","text":"Hi"}]}}',
        jsonType: "assistant",
        createdAt: "x",
      },
      { seq: 2, stream: "stderr", line: "warn", jsonType: null, createdAt: "y" },
    ];
    const respond = () => ({ json: { lines, nextSeq: 2, hasMore: false, status: "completed" } });
    const json = await supervisor(["output", "t1", "--json"], respond);
    expect(
      json.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(lines);
    expect(json.requests[0].url).toBe("http://127.0.0.1:3000/api/v1/tasks/t1/output?afterSeq=0&limit=1000");
    expect((await supervisor(["output", "t1"], respond)).stdout).toBe("Hi\nstderr: warn\n");
  });
});

describe("read-file", () => {
  const file = (fields: object) => () => ({
    json: { file: { path: "a.bin", sizeBytes: 10, binary: false, content: "", truncated: false, ...fields } },
  });

  it("prints the content exactly, notes on stderr what is not shown", async () => {
    expect(
      await supervisor(["read-file", "t1", "src/a b.ts"], file({ content: "no newline at the end" })),
    ).toMatchObject({
      code: 0,
      stdout: "no newline at the end",
      stderr: "",
      requests: [{ url: "http://127.0.0.1:3000/api/v1/tasks/t1/file?path=src%2Fa+b.ts" }],
    });
    expect(await supervisor(["read-file", "t1", "a.bin"], file({ binary: true }))).toMatchObject({
      code: 0,
      stdout: "",
      stderr: "makima supervisor read-file: a.bin is a binary file (10 bytes): not shown\n",
    });
    expect(
      (await supervisor(["read-file", "t1", "a.bin"], file({ content: "héllo", truncated: true, sizeBytes: 5000 })))
        .stderr,
    ).toBe("makima supervisor read-file: a.bin is truncated: the first 6 of 5000 bytes\n");
  });
});

describe("merge", () => {
  const merge = {
    outcome: "conflict",
    message: "Merge conflict in 2 file(s): a, b; main left unchanged",
    targetBranch: "main",
    commit: null,
    squash: true,
    conflicts: ["a", "b"],
  };

  it("sends the target and squash, and says what was merged", async () => {
    const run = await supervisor(["merge", "t1", "--to", "dev", "--squash"], () => ({
      json: {
        merge: {
          ...merge,
          outcome: "merged",
          message: "Squashed makima/t1 into dev (abc)",
          targetBranch: "dev",
          commit: "abcdef1234567890",
          conflicts: [],
        },
      },
    }));
    expect(run.requests[0]).toMatchObject({
      method: "POST",
      url: "http://127.0.0.1:3000/api/v1/tasks/t1/merge",
      body: { to: "dev", squash: true },
    });
    expect(run).toMatchObject({
      code: 0,
      stdout: "Merged into dev (squashed into one commit abcdef123456): Squashed makima/t1 into dev (abc)\n",
    });
    expect(
      (await supervisor(["merge", "t1"], () => ({ json: { merge: { ...merge, outcome: "nothing" } } }))).requests[0]
        .body,
    ).toEqual({ squash: false });
  });

  it("exits 1 on a conflict, listing the files (and the answer with --json)", async () => {
    const conflict = () => ({ status: 409, json: { error: merge.message, merge } });
    expect(await supervisor(["merge", "t1"], conflict)).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `makima supervisor merge: ${merge.message}\nConflicting files:\n  a\n  b\n`,
    });
    const json = await supervisor(["merge", "t1", "--json"], conflict);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: merge.message, merge });
  });

  it("exits 1 with the message when the task is still running", async () => {
    expect(
      await supervisor(["merge", "t1"], () => ({ status: 409, json: { error: "The task is still running" } })),
    ).toMatchObject({
      code: 1,
      stderr: "makima supervisor merge: The task is still running\n",
    });
  });
});
