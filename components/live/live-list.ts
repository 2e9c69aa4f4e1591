"use client";

import { queryOptions, useQuery, useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect } from "react";
import { followRoom, uiSocket } from "./ui-socket";

/** A change to a list held in the query cache: an event's, or this browser's own once the server has it. */
export type ListUpdate<T> = (list: T[]) => T[];

/** While a list's fetch is under way (by its query): the updates applied to the list held since the fetch began. */
const updatesDuringFetch = new WeakMap<object, unknown[]>();

const queryOf = (client: QueryClient, queryKey: QueryKey) => client.getQueryCache().find({ queryKey, exact: true });

/**
 * Applies `update` to the list held now and, when a fetch of the list is under way, to its answer once it lands: the
 * answer may predate the update (a notification created, or dismissed, after the server read the list).
 */
export function updateLiveList<T>(client: QueryClient, queryKey: QueryKey, update: ListUpdate<T>): void {
  client.setQueryData<T[]>(queryKey, (list) => (list === undefined ? undefined : update(list)));
  const query = queryOf(client, queryKey);
  if (query) updatesDuringFetch.get(query)?.push(update);
}

/** Fetches a list, then applies to the answer the updates applied to the list held while the fetch was under way. */
export async function fetchLiveList<T>(
  client: QueryClient,
  queryKey: QueryKey,
  fetchList: () => Promise<T[]>,
): Promise<T[]> {
  const query = queryOf(client, queryKey);
  const updates: ListUpdate<T>[] = [];
  if (query) updatesDuringFetch.set(query, updates);
  try {
    const answer = await fetchList();
    return updates.reduce((list, update) => update(list), answer);
  } finally {
    // A fetch cancelled for a newer one leaves that one's updates alone.
    if (query && updatesDuringFetch.get(query) === updates) updatesDuringFetch.delete(query);
  }
}

export type LiveList<T> = {
  queryKey: QueryKey;
  /** GETs the list; throws when it could not be had (the list held is then kept as it is). */
  fetchList: (signal: AbortSignal) => Promise<T[]>;
  /** The event that joins the room the list's events come in (acknowledged once joined). */
  joinEvent: string;
  /** The room's events: the change each makes to the list, or `null` for a payload that does not parse. */
  events: Record<string, (payload: unknown) => ListUpdate<T> | null>;
};

/** A live list's query: fetched only when asked (on each join of its room), its answer given the updates meanwhile. */
export function liveListQuery<T>(
  client: QueryClient,
  { queryKey, fetchList }: Pick<LiveList<T>, "queryKey" | "fetchList">,
) {
  return queryOptions({
    queryKey,
    queryFn: ({ signal }) => fetchLiveList(client, queryKey, () => fetchList(signal)),
    // Empty until the room is joined; from then on the events keep it current, so it is never stale.
    initialData: [] as T[],
    staleTime: Infinity,
  });
}

/**
 * A list fetched on each confirmed join of its room (page load and every reconnect: events sent before a join were
 * not received) and kept current in between by the room's events. An answer gets the events received while it was
 * under way applied again; an answer that could not be had keeps the list held. `list` should be a constant: its
 * room is joined once per mount.
 */
export function useLiveList<T>(list: LiveList<T>): T[] {
  const client = useQueryClient();
  const { data } = useQuery(liveListQuery(client, list));
  const { queryKey, joinEvent, events } = list;

  useEffect(() => {
    const socket = uiSocket();
    const bound = Object.entries(events).map(([event, toUpdate]) => {
      const handler = (payload: unknown) => {
        const update = toUpdate(payload);
        if (update) updateLiveList(client, queryKey, update);
      };
      socket.on(event, handler);
      return [event, handler] as const;
    });
    // Refetching cancels a fetch still under way (its answer may predate what was missed).
    const stopFollowing = followRoom(socket, joinEvent, undefined, () => {
      void client.refetchQueries({ queryKey, exact: true });
    });
    return () => {
      stopFollowing();
      for (const [event, handler] of bound) socket.off(event, handler);
    };
  }, [client, queryKey, joinEvent, events]);

  return data;
}
