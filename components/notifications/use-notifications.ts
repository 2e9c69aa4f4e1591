"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { z } from "zod";
import { DaemonLoginEvent, NotificationEvent, NotificationsDismissedEvent, UiEvent } from "@/lib/shared/protocol/ui";
import { followRoom, uiSocket } from "@/components/live/ui-socket";

// ---------------------------------------------------------------------------------------------------------------
// Pure list helpers (unit-tested).

const time = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
};

/** An http(s) address as given, anything else (a `javascript:` link from a daemon, say) as `null`. */
export function safeExternalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}

/** Newest first, by `createdAt`. */
export function sortNotifications(list: NotificationEvent[]): NotificationEvent[] {
  return [...list].sort((a, b) => time(b.createdAt) - time(a.createdAt));
}

/** The list with `notification` added in its place (newest first), unless one with its id is already there. */
export function addNotification(list: NotificationEvent[], notification: NotificationEvent): NotificationEvent[] {
  if (list.some((n) => n.id === notification.id)) return list;
  return sortNotifications([notification, ...list]);
}

/** The list without the given ids (the same array when none of them was there). */
export function removeNotifications(list: NotificationEvent[], ids: Iterable<string>): NotificationEvent[] {
  const gone = new Set(ids);
  return list.some((n) => gone.has(n.id)) ? list.filter((n) => !gone.has(n.id)) : list;
}

/**
 * The list after a fetch: what the server answered, plus what arrived by event while the fetch was under way
 * (the answer may predate it), less whatever is known to be dismissed (the answer may predate that too).
 * Anything else only this browser still had was dismissed elsewhere while it was not listening.
 */
export function mergeFetchedNotifications(
  current: NotificationEvent[],
  fetched: NotificationEvent[],
  receivedDuringFetch: ReadonlySet<string>,
  dismissed: ReadonlySet<string>,
): NotificationEvent[] {
  const byId = new Map<string, NotificationEvent>();
  for (const n of fetched) byId.set(n.id, n);
  for (const n of current) if (receivedDuringFetch.has(n.id) && !byId.has(n.id)) byId.set(n.id, n);
  return sortNotifications([...byId.values()].filter((n) => !dismissed.has(n.id)));
}

/** Newest first, by `updatedAt`. */
export function sortLogins(list: DaemonLoginEvent[]): DaemonLoginEvent[] {
  return [...list].sort((a, b) => time(b.updatedAt) - time(a.updatedAt));
}

/** The list with `login` in place of the one with its id, unless the one held is newer. */
export function upsertLogin(list: DaemonLoginEvent[], login: DaemonLoginEvent): DaemonLoginEvent[] {
  const held = list.find((l) => l.id === login.id);
  if (held && time(held.updatedAt) > time(login.updatedAt)) return list;
  return sortLogins([login, ...list.filter((l) => l.id !== login.id)]);
}

/**
 * The logins after a fetch: the server's answer, except where an event received while the fetch was under way
 * is newer (or is about a login the answer did not have yet).
 */
export function mergeFetchedLogins(
  current: DaemonLoginEvent[],
  fetched: DaemonLoginEvent[],
  receivedDuringFetch: ReadonlySet<string>,
): DaemonLoginEvent[] {
  const byId = new Map<string, DaemonLoginEvent>();
  for (const l of fetched) byId.set(l.id, l);
  for (const l of current) {
    if (!receivedDuringFetch.has(l.id)) continue;
    const answered = byId.get(l.id);
    if (!answered || time(l.updatedAt) > time(answered.updatedAt)) byId.set(l.id, l);
  }
  return sortLogins([...byId.values()]);
}

// ---------------------------------------------------------------------------------------------------------------
// Fetching and following.

const NotificationsAnswer = z.object({ notifications: z.array(NotificationEvent) });
const LoginsAnswer = z.object({ logins: z.array(DaemonLoginEvent) });

/** GETs one of the JSON lists; `null` when it could not be had (the list held is then kept as it is). */
async function fetchJson<T>(
  url: string,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  signal: AbortSignal,
): Promise<T | null> {
  try {
    const response = await fetch(url, { signal, cache: "no-store", headers: { accept: "application/json" } });
    if (!response.ok) return null;
    const parsed = schema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Fetches `url` again, cancelling the fetch before; `apply` gets the answer (unless cancelled meanwhile) with the ids
 * that events brought while it was under way.
 */
function refetch<T>(
  controller: { current: AbortController | null },
  received: { current: Set<string> },
  url: string,
  schema: Parameters<typeof fetchJson<T>>[1],
  apply: (answer: T, since: Set<string>) => void,
): void {
  controller.current?.abort();
  const fetching = new AbortController();
  controller.current = fetching;
  const since = new Set<string>();
  received.current = since;
  void fetchJson(url, schema, fetching.signal).then((answer) => {
    if (!fetching.signal.aborted && answer) apply(answer, since);
  });
}

/**
 * Joins the notifications room on every (re)connect and calls `onJoined` once each join is confirmed, with
 * `listeners` attached to the shared socket meanwhile.
 */
function useNotificationsRoom(
  listeners: Record<string, (payload: unknown) => void>,
  onJoined: () => void,
  cleanup: () => void,
) {
  const current = useRef({ listeners, onJoined, cleanup });
  useEffect(() => {
    current.current = { listeners, onJoined, cleanup };
  });

  useEffect(() => {
    const socket = uiSocket();
    const bound = Object.keys(current.current.listeners).map((event) => {
      const handler = (payload: unknown) => current.current.listeners[event]?.(payload);
      socket.on(event, handler);
      return [event, handler] as const;
    });
    const stopFollowing = followRoom(socket, UiEvent.subscribeNotifications, undefined, () =>
      current.current.onJoined(),
    );
    return () => {
      stopFollowing();
      for (const [event, handler] of bound) socket.off(event, handler);
      current.current.cleanup();
    };
  }, []);
}

export type NotificationsState = {
  /** Undismissed notifications, newest first. */
  notifications: NotificationEvent[];
  /** Removes notifications from the list at once (this browser dismisses them); returns those removed. */
  hide: (ids: string[]) => NotificationEvent[];
  /** Puts back notifications hidden by `hide` when dismissing them failed (unless dismissed meanwhile by another browser). */
  restore: (notifications: NotificationEvent[]) => void;
};

/**
 * The undismissed notifications, kept current: fetched on each confirmed join of the notifications room (page
 * load and every reconnect), with new ones prepended and dismissed ones (by any browser) removed as they come.
 */
export function useNotifications(): NotificationsState {
  const [notifications, setNotifications] = useState<NotificationEvent[]>([]);
  const listRef = useRef<NotificationEvent[]>([]);
  /** Dismissed as the server said (by any browser): never shown again. */
  const dismissedByServer = useRef(new Set<string>());
  /** Hidden by this browser while its dismissal is under way. */
  const hiddenLocally = useRef(new Set<string>());
  /** Ids received by event since the last fetch began. */
  const received = useRef(new Set<string>());
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    listRef.current = notifications;
  }, [notifications]);

  const isDismissed = useCallback(
    (id: string) => dismissedByServer.current.has(id) || hiddenLocally.current.has(id),
    [],
  );

  const resync = () =>
    refetch(controller, received, "/api/notifications", NotificationsAnswer, (answer, since) => {
      const dismissed = new Set([...dismissedByServer.current, ...hiddenLocally.current]);
      setNotifications((list) => mergeFetchedNotifications(list, answer.notifications, since, dismissed));
    });

  useNotificationsRoom(
    {
      [UiEvent.notificationCreated]: (payload) => {
        const event = NotificationEvent.safeParse(payload);
        if (!event.success) return;
        received.current.add(event.data.id);
        if (isDismissed(event.data.id)) return;
        setNotifications((list) => addNotification(list, event.data));
      },
      [UiEvent.notificationsDismissed]: (payload) => {
        const event = NotificationsDismissedEvent.safeParse(payload);
        if (!event.success) return;
        for (const id of event.data.ids) dismissedByServer.current.add(id);
        setNotifications((list) => removeNotifications(list, event.data.ids));
      },
    },
    resync,
    () => controller.current?.abort(),
  );

  const hide = useCallback((ids: string[]) => {
    const wanted = new Set(ids);
    const removed = listRef.current.filter((n) => wanted.has(n.id));
    for (const id of ids) hiddenLocally.current.add(id);
    setNotifications((list) => removeNotifications(list, ids));
    return removed;
  }, []);

  const restore = useCallback((items: NotificationEvent[]) => {
    for (const n of items) hiddenLocally.current.delete(n.id);
    const back = items.filter((n) => !dismissedByServer.current.has(n.id));
    setNotifications((list) => back.reduce(addNotification, list));
  }, []);

  return { notifications, hide, restore };
}

/**
 * The daemons' Claude logins to show (waiting, submitting, manual, and recently finished), newest first, keyed by
 * id: fetched on each confirmed join of the notifications room and updated by `login:updated` events.
 */
export function useLogins(): DaemonLoginEvent[] {
  const [logins, setLogins] = useState<DaemonLoginEvent[]>([]);
  const received = useRef(new Set<string>());
  const controller = useRef<AbortController | null>(null);

  const resync = () =>
    refetch(controller, received, "/api/logins", LoginsAnswer, (answer, since) =>
      setLogins((list) => mergeFetchedLogins(list, answer.logins, since)),
    );

  useNotificationsRoom(
    {
      [UiEvent.loginUpdated]: (payload) => {
        const event = DaemonLoginEvent.safeParse(payload);
        if (!event.success) return;
        received.current.add(event.data.id);
        setLogins((list) => upsertLogin(list, event.data));
      },
    },
    resync,
    () => controller.current?.abort(),
  );

  return logins;
}
