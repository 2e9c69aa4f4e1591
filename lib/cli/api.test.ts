import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import * as schemas from "../shared/api/schemas";
import type { MergeResult, RepoFile, TaskDiff } from "../shared/protocol/worktree";
import { ApiClient } from "./api-client";
import {
  makimaApi,
  type ApiContract,
  type ApiOutputLine,
  type ApiReport,
  type ApiTask,
  type MakimaApi,
  type OutputPage,
} from "./api";
import { ApiError } from "./errors";
import { apiContract, apiTask } from "./test-fixtures";

type Answer<K extends keyof MakimaApi> = Awaited<ReturnType<MakimaApi[K]>>;

describe("the CLI's API types", () => {
  it("are the types of the schemas the routes answer with (lib/shared/api/schemas.ts)", () => {
    expectTypeOf<ApiTask>().toEqualTypeOf<z.infer<typeof schemas.ApiTask>>();
    expectTypeOf<ApiContract>().toEqualTypeOf<z.infer<typeof schemas.ApiContract>>();
    expectTypeOf<ApiReport>().toEqualTypeOf<z.infer<typeof schemas.ApiReport>>();
    expectTypeOf<ApiOutputLine>().toEqualTypeOf<z.infer<typeof schemas.ApiOutputLine>>();
    expectTypeOf<OutputPage>().toEqualTypeOf<z.infer<typeof schemas.OutputPage>>();

    expectTypeOf<Answer<"contract">>().toEqualTypeOf<z.infer<typeof schemas.ContractAnswer>>();
    expectTypeOf<Answer<"contractStatus">>().toEqualTypeOf<z.infer<typeof schemas.ContractProgress>>();
    expectTypeOf<Answer<"contractTasks">>().toEqualTypeOf<z.infer<typeof schemas.TaskListAnswer>>();
    expectTypeOf<Answer<"spawnTask">>().toEqualTypeOf<z.infer<typeof schemas.TaskAnswer>>();
    expectTypeOf<Answer<"report">>().toEqualTypeOf<z.infer<typeof schemas.ReportAnswer>>();
    expectTypeOf<Answer<"complete">>().toEqualTypeOf<z.infer<typeof schemas.ContractAnswer>>();
    expectTypeOf<Answer<"task">>().toEqualTypeOf<z.infer<typeof schemas.TaskAnswer>>();
    expectTypeOf<Answer<"output">>().toEqualTypeOf<z.infer<typeof schemas.OutputPage>>();
    expectTypeOf<Answer<"diff">>().toEqualTypeOf<z.infer<typeof schemas.DiffAnswer>>();
    expectTypeOf<Answer<"file">>().toEqualTypeOf<z.infer<typeof schemas.FileAnswer>>();
    expectTypeOf<Answer<"merge">>().toEqualTypeOf<z.infer<typeof schemas.MergeAnswer>>();

    expectTypeOf<Answer<"diff">["diff"]>().toEqualTypeOf<TaskDiff>();
    expectTypeOf<Answer<"file">["file"]>().toEqualTypeOf<RepoFile>();
    expectTypeOf<Answer<"merge">["merge"]>().toEqualTypeOf<MergeResult>();
  });
});

describe("makimaApi", () => {
  const api = (json: unknown) =>
    makimaApi(new ApiClient({ apiUrl: "http://makima.test", apiKey: "mk" }, async () => Response.json(json)));

  it("resolves with the answer parsed by its route's schema", async () => {
    const task = apiTask({ id: "t1" });
    expect(await api({ task }).task("t1")).toEqual({ task });
    expect(await api({ contract: apiContract() }).contract("c1")).toEqual({ contract: apiContract() });
  });

  it("refuses an answer of another shape, saying what does not fit", async () => {
    const error = await api({ task: { id: 1 } })
      .task("t1")
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(
      /^GET \/tasks\/t1 answered in a shape this makima does not read .*task\.id: /,
    );
  });
});
