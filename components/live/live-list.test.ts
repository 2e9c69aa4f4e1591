import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { liveListQuery, updateLiveList, type ListUpdate } from "./live-list";
import { deferred, flush, type Deferred } from "@/test/support/deferred";

const add =
  (item: string): ListUpdate<string> =>
  (list) =>
    list.includes(item) ? list : [...list, item];
const remove =
  (item: string): ListUpdate<string> =>
  (list) =>
    list.filter((x) => x !== item);

/** A live list of strings whose fetches answer when the test says, observed as a mounted component would. */
function setUp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const queryKey = ["test-list"];
  const fetches: (Deferred<string[]> & { signal: AbortSignal })[] = [];
  const observer = new QueryObserver(
    client,
    liveListQuery(client, {
      queryKey,
      fetchList: (signal) => {
        const fetch = { ...deferred<string[]>(), signal };
        fetches.push(fetch);
        return fetch.promise;
      },
    }),
  );
  const unsubscribe = observer.subscribe(() => {});
  const held = () => client.getQueryData<string[]>(queryKey);
  /** What a confirmed join of the room does; `done` settles once the fetch it starts is over. */
  const resync = async () => {
    const done = client.refetchQueries({ queryKey, exact: true });
    await flush();
    return { done };
  };
  const update = (change: ListUpdate<string>) => updateLiveList(client, queryKey, change);
  cleanups.push(() => {
    unsubscribe();
    client.clear();
  });
  return { client, fetches, held, resync, update, unsubscribe };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe("live list", () => {
  it("holds an empty list and fetches nothing until the room is joined", async () => {
    const { fetches, held } = setUp();
    await flush();
    expect(held()).toEqual([]);
    expect(fetches).toHaveLength(0);
  });

  it("applies an event at once, and again to the (older) answer of the fetch under way", async () => {
    const { fetches, held, resync, update } = setUp();
    const { done } = await resync();
    update(add("came meanwhile"));
    expect(held()).toEqual(["came meanwhile"]);
    fetches[0].resolve(["answered"]);
    await done;
    expect(held()).toEqual(["answered", "came meanwhile"]);
  });

  it("drops from the answer what an event removed while it was under way", async () => {
    const { fetches, held, resync, update } = setUp();
    const { done } = await resync();
    update(remove("gone meanwhile"));
    fetches[0].resolve(["kept", "gone meanwhile"]);
    await done;
    expect(held()).toEqual(["kept"]);
  });

  it("takes the answer as it is for what came before the fetch began", async () => {
    const { fetches, held, resync, update } = setUp();
    update(add("only held here"));
    expect(held()).toEqual(["only held here"]);
    const { done } = await resync();
    fetches[0].resolve(["answered"]);
    await done;
    expect(held()).toEqual(["answered"]);
  });

  it("keeps the list held when a fetch fails, and replays nothing of it into the next", async () => {
    const { fetches, held, resync, update } = setUp();
    update(add("held"));
    let { done } = await resync();
    update(add("during the failed fetch"));
    fetches[0].reject(new Error("HTTP 500"));
    await done;
    expect(held()).toEqual(["held", "during the failed fetch"]);

    ({ done } = await resync());
    fetches[1].resolve(["answered"]);
    await done;
    expect(held()).toEqual(["answered"]);
  });

  it("cancels the fetch under way on a new join: its answer never lands, and only the new one's events are replayed", async () => {
    const { fetches, held, resync, update } = setUp();
    const { done: first } = await resync();
    update(add("before the second fetch"));
    const { done: second } = await resync();
    expect(fetches).toHaveLength(2);
    expect(fetches[0].signal.aborted).toBe(true);
    update(add("during the second fetch"));
    fetches[0].resolve(["stale"]);
    fetches[1].resolve(["before the second fetch"]);
    await Promise.all([first, second]);
    expect(held()).toEqual(["before the second fetch", "during the second fetch"]);
  });

  it("cancels the fetch under way when its last reader goes", async () => {
    const { fetches, resync, unsubscribe } = setUp();
    await resync();
    unsubscribe();
    expect(fetches[0].signal.aborted).toBe(true);
  });
});
