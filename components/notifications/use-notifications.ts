"use client";

import {
  mutationOptions,
  useMutation,
  useMutationState,
  useQueryClient,
  type Mutation,
  type QueryClient,
} from "@tanstack/react-query";
import { useMemo } from "react";
import { z } from "zod";
import { dismissAllNotificationsAction } from "@/lib/server/actions/notifications/dismiss-all-notifications";
import { dismissNotificationAction } from "@/lib/server/actions/notifications/dismiss-notification";
import { initialFormState, type FormState } from "@/lib/shared/form-state";
import { DaemonLoginEvent, NotificationEvent, NotificationsDismissedEvent, UiEvent } from "@/lib/shared/protocol/ui";
import { updateLiveList, useLiveList, type ListUpdate, type LiveList } from "@/components/live/live-list";
import { fetchApi } from "@/components/query/fetch-api";
import { mutationKeys, queryKeys } from "@/components/query/keys";

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

// ---------------------------------------------------------------------------------------------------------------
// Fetching and following.

/** GETs `{ [key]: T[] }`; throws when the answer is not ok or not understood (the list held is then kept). */
async function fetchList<T>(url: string, key: string, schema: z.ZodType<T>, signal: AbortSignal): Promise<T[]> {
  const answer = await fetchApi(url, key, z.array(schema), signal);
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

/** The change an event's payload makes, or `null` when the payload does not parse. */
function onEvent<E, T>(schema: z.ZodType<E>, change: (list: T[], event: E) => T[]) {
  return (payload: unknown): ListUpdate<T> | null => {
    const event = schema.safeParse(payload);
    return event.success ? (list) => change(list, event.data) : null;
  };
}

export const NOTIFICATIONS: LiveList<NotificationEvent> = {
  queryKey: queryKeys.notifications,
  fetchList: async (signal) =>
    sortNotifications(await fetchList("/api/notifications", "notifications", NotificationEvent, signal)),
  joinEvent: UiEvent.subscribeNotifications,
  events: {
    [UiEvent.notificationCreated]: onEvent(NotificationEvent, addNotification),
    [UiEvent.notificationsDismissed]: onEvent(NotificationsDismissedEvent, (list, { ids }) =>
      removeNotifications(list, ids),
    ),
  },
};

export const LOGINS: LiveList<DaemonLoginEvent> = {
  queryKey: queryKeys.logins,
  fetchList: async (signal) => sortLogins(await fetchList("/api/logins", "logins", DaemonLoginEvent, signal)),
  joinEvent: UiEvent.subscribeNotifications,
  events: { [UiEvent.loginUpdated]: onEvent(DaemonLoginEvent, upsertLogin) },
};

/** A dismissal by this browser: the ids shown, and whether it is "Dismiss all" (every one the person has). */
export type Dismissal = { ids: string[]; all: boolean };

const formWith = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return form;
};

/** Dismisses on the server; throws the message to show when that failed. */
async function dismissOnServer({ ids, all }: Dismissal): Promise<void> {
  const what = all ? "notifications" : "notification";
  let result: FormState;
  try {
    result = all
      ? await dismissAllNotificationsAction(initialFormState, new FormData())
      : await dismissNotificationAction(initialFormState, formWith({ id: ids[0] ?? "" }));
  } catch {
    throw new Error(`The ${what} could not be dismissed; please try again.`);
  }
  if (!result.ok) throw new Error(result.message ?? `The ${what} could not be dismissed.`);
}

/** This browser's dismissal; once the server has it, off the list held (and off the answer of a fetch under way). */
export function dismissMutation(client: QueryClient) {
  return mutationOptions({
    mutationKey: mutationKeys.dismissNotifications,
    mutationFn: dismissOnServer,
    onSuccess: (_: void, { ids }: Dismissal) =>
      updateLiveList<NotificationEvent>(client, queryKeys.notifications, (list) => removeNotifications(list, ids)),
  });
}

/** The ids this browser's dismissals under way take off the list shown. */
export const DISMISSING = {
  filters: { mutationKey: mutationKeys.dismissNotifications, status: "pending" as const },
  select: (mutation: Mutation<unknown, Error, unknown>) =>
    (mutation.state.variables as Dismissal | undefined)?.ids ?? [],
};

export type NotificationsState = {
  /** Undismissed notifications, newest first, less those this browser is dismissing. */
  notifications: NotificationEvent[];
  /** Dismisses; rejects with the message to show when the server refused or could not be reached. */
  dismiss: (dismissal: Dismissal) => Promise<void>;
};

/**
 * The undismissed notifications, kept current: fetched on each confirmed join of the notifications room (page
 * load and every reconnect), with new ones added and dismissed ones (by any browser) removed as they come.
 *
 * A dismissal here hides its notifications while it is under way without touching the list held, so an answer
 * that still has them shows nothing; once the server has it they leave the list held. When it fails they show
 * again, unless another browser dismissed them meanwhile (the list held dropped them then).
 */
export function useNotifications(): NotificationsState {
  const client = useQueryClient();
  const held = useLiveList(NOTIFICATIONS);
  const dismissing = useMutationState(DISMISSING);
  const notifications = useMemo(() => removeNotifications(held, dismissing.flat()), [held, dismissing]);
  const { mutateAsync } = useMutation(dismissMutation(client));
  return { notifications, dismiss: mutateAsync };
}

/**
 * The daemons' Claude logins to show (waiting, submitting, manual, and recently finished), newest first, keyed by
 * id: fetched on each confirmed join of the notifications room and updated by `login:updated` events (an older
 * one than the login held is ignored, and so is an answer's login older than one such event brought meanwhile).
 */
export function useLogins(): DaemonLoginEvent[] {
  return useLiveList(LOGINS);
}
