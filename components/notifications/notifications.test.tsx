import { MutationObserver, QueryClient, QueryObserver } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/shared/auth/roles";
import type { FormState } from "@/lib/shared/form-state";
import { UiEvent, type DaemonLoginEvent, type NotificationEvent } from "@/lib/shared/protocol/ui";
import { liveListQuery, updateLiveList, type LiveList } from "@/components/live/live-list";
import { deferred, flush, type Deferred } from "@/test/support/deferred";

vi.mock("@/lib/server/actions/notifications/dismiss-notification", () => ({ dismissNotificationAction: vi.fn() }));
vi.mock("@/lib/server/actions/notifications/dismiss-all-notifications", () => ({
  dismissAllNotificationsAction: vi.fn(),
}));
vi.mock("@/lib/server/actions/logins/submit-login-code", () => ({ submitLoginCodeAction: vi.fn() }));
vi.mock("@/lib/server/actions/tasks/restart-task", () => ({ restartTaskAction: vi.fn() }));

const { badgeText, buttonLabel, formatRelativeTime, notificationLink, NotificationItem, NotificationList } =
  await import("./notifications-button");
const { LoginItem, isFinishedLogin, loggedInText } = await import("./login-banner");
const { RoleProvider } = await import("@/components/auth/role-context");
const {
  DISMISSING,
  LOGINS,
  NOTIFICATIONS,
  addNotification,
  dismissMutation,
  removeNotifications,
  safeExternalUrl,
  upsertLogin,
} = await import("./use-notifications");
const { dismissNotificationAction } = await import("@/lib/server/actions/notifications/dismiss-notification");
const { dismissAllNotificationsAction } = await import("@/lib/server/actions/notifications/dismiss-all-notifications");

const note = (over: Partial<NotificationEvent> = {}): NotificationEvent => ({
  id: "n1",
  kind: "task_failed",
  title: "Task fix-bug failed",
  body: "exit code 1",
  taskId: "t1",
  contractId: "c1",
  daemonId: "d1",
  loginUrl: null,
  createdAt: "2026-11-25T10:00:00.000Z",
  ...over,
});

const login = (over: Partial<DaemonLoginEvent> = {}): DaemonLoginEvent => ({
  id: "l1",
  daemonId: "d1",
  hostname: "box",
  taskId: "t1",
  closed: false,
  loginUrl: "https://claude.ai/oauth/authorize?x=1",
  status: "waiting",
  message: null,
  updatedAt: "2026-11-25T10:00:00.000Z",
  ...over,
});

afterEach(() => vi.unstubAllGlobals());

/**
 * A live list as the page keeps it, without React: its query observed, its room's events applied as the socket
 * would, and each GET answered when the test says.
 */
function live<T>(list: LiveList<T>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  new QueryObserver(client, liveListQuery(client, list)).subscribe(() => {});
  const answers: Deferred<Response>[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(() => {
      const answer = deferred<Response>();
      answers.push(answer);
      return answer.promise;
    }),
  );
  return {
    client,
    held: () => client.getQueryData<T[]>(list.queryKey) ?? [],
    event(name: string, payload: unknown) {
      const update = list.events[name](payload);
      if (update) updateLiveList(client, list.queryKey, update);
    },
    /** A confirmed join of the room: `done` settles once its fetch is over. */
    async resync() {
      const done = client.refetchQueries({ queryKey: list.queryKey, exact: true });
      await flush();
      return { done };
    },
    answer(status: number, body: unknown) {
      answers.at(-1)?.resolve(new Response(JSON.stringify(body), { status }));
    },
  };
}

describe("notification helpers", () => {
  it("labels the button and badge by count", () => {
    expect(badgeText(0)).toBe("");
    expect(badgeText(3)).toBe("3");
    expect(badgeText(120)).toBe("99+");
    expect(buttonLabel(0)).toBe("Notifications");
    expect(buttonLabel(3)).toBe("Notifications, 3 unread");
  });

  it("links each kind where it fits", () => {
    expect(notificationLink(note({ kind: "task_completed" }))).toEqual({ href: "/tasks/t1", label: "View task" });
    expect(notificationLink(note({ kind: "task_failed", taskId: null }))).toEqual({
      href: "/contracts/c1",
      label: "View contract",
    });
    expect(notificationLink(note({ kind: "loop_breaker_tripped" }))).toEqual({
      href: "/contracts/c1",
      label: "View contract",
    });
    expect(notificationLink(note({ kind: "iteration_limit_reached" }))?.href).toBe("/contracts/c1");
    expect(notificationLink(note({ kind: "login_required" }))?.href).toBe("/tasks/t1");
    expect(notificationLink(note({ kind: "login_required", taskId: null }))?.href).toBe("/daemons");
    expect(notificationLink(note({ kind: "daemon_disconnected" }))?.href).toBe("/daemons");
    expect(notificationLink(note({ kind: "daemon_reconnected", taskId: null, contractId: null }))?.href).toBe(
      "/daemons",
    );
    expect(notificationLink(note({ kind: "task_completed", taskId: null, contractId: null }))).toBeNull();
  });

  it("keeps only http(s) links", () => {
    expect(safeExternalUrl("https://claude.ai/x")).toBe("https://claude.ai/x");
    expect(safeExternalUrl("javascript:alert(1)")).toBeNull();
    expect(safeExternalUrl("not a url")).toBeNull();
    expect(safeExternalUrl(null)).toBeNull();
  });

  it("formats times relative to now", () => {
    const at = Date.parse("2026-11-25T10:00:00.000Z");
    expect(formatRelativeTime("2026-11-25T10:00:00.000Z", at + 10_000)).toBe("just now");
    expect(formatRelativeTime("2026-11-25T10:00:00.000Z", at + 5 * 60_000)).toBe("5 min ago");
    expect(formatRelativeTime("2026-11-25T10:00:00.000Z", at + 3 * 3_600_000)).toBe("3 h ago");
    expect(formatRelativeTime("2026-11-25T10:00:00.000Z", at + 3 * 86_400_000)).toMatch(/^2026-11-25 \d\d:00:00$/);
  });
});

describe("notification list", () => {
  const a = note({ id: "a", createdAt: "2026-11-25T10:00:00.000Z" });
  const b = note({ id: "b", createdAt: "2026-11-25T11:00:00.000Z" });
  const c = note({ id: "c", createdAt: "2026-11-25T12:00:00.000Z" });

  it("adds newest first, once", () => {
    const list = addNotification(addNotification([], a), b);
    expect(list.map((n) => n.id)).toEqual(["b", "a"]);
    expect(addNotification(list, b)).toBe(list);
  });

  it("removes by id", () => {
    expect(removeNotifications([b, a], ["a"]).map((n) => n.id)).toEqual(["b"]);
    const list = [b, a];
    expect(removeNotifications(list, ["zzz"])).toBe(list);
  });

  it("keeps what came by event while a fetch was under way, less what was dismissed meanwhile", async () => {
    const list = live(NOTIFICATIONS);
    list.event(UiEvent.notificationCreated, a);
    const { done } = await list.resync();
    list.event(UiEvent.notificationCreated, c);
    list.event(UiEvent.notificationsDismissed, { ids: ["b"] });
    list.answer(200, { notifications: [a, b] });
    await done;
    expect(list.held().map((n) => n.id)).toEqual(["c", "a"]);
  });

  it("drops what only this browser had (dismissed elsewhere while it was away)", async () => {
    const list = live(NOTIFICATIONS);
    list.event(UiEvent.notificationCreated, a);
    const { done } = await list.resync();
    list.answer(200, { notifications: [b] });
    await done;
    expect(list.held().map((n) => n.id)).toEqual(["b"]);
  });

  it("keeps the list held when the answer is refused or not understood, and ignores garbled events", async () => {
    const list = live(NOTIFICATIONS);
    list.event(UiEvent.notificationCreated, a);
    list.event(UiEvent.notificationCreated, { id: "x" });
    list.event(UiEvent.notificationsDismissed, { ids: "a" });
    for (const [status, body] of [
      [500, { error: "database is locked" }],
      [200, { notifications: [{ id: "b" }] }],
      [200, { something: "else" }],
    ] as const) {
      const { done } = await list.resync();
      list.answer(status, body);
      await done;
      expect(list.held()).toEqual([a]);
    }
  });
});

describe("login list", () => {
  it("upserts by id, ignoring a stale update", () => {
    const first = login({ status: "waiting", updatedAt: "2026-11-25T10:00:00.000Z" });
    const later = login({ status: "succeeded", updatedAt: "2026-11-25T10:01:00.000Z" });
    expect(upsertLogin([first], later)).toEqual([later]);
    const list = [later];
    expect(upsertLogin(list, first)).toBe(list);
    const other = login({ id: "l2", updatedAt: "2026-11-25T10:05:00.000Z" });
    expect(upsertLogin(list, other).map((l) => l.id)).toEqual(["l2", "l1"]);
  });

  it("keeps a newer login from an event during a fetch over the answer's, and takes the answer's otherwise", async () => {
    const fetched = login({ status: "submitting", updatedAt: "2026-11-25T10:00:00.000Z" });
    const event = login({ status: "succeeded", updatedAt: "2026-11-25T10:00:05.000Z" });
    const older = login({ status: "waiting", updatedAt: "2026-11-25T09:59:00.000Z" });

    const list = live(LOGINS);
    let { done } = await list.resync();
    list.event(UiEvent.loginUpdated, event);
    list.event(UiEvent.loginUpdated, older);
    list.answer(200, { logins: [fetched] });
    await done;
    expect(list.held()).toEqual([event]);

    ({ done } = await list.resync());
    list.answer(200, { logins: [fetched] });
    await done;
    expect(list.held()).toEqual([fetched]);

    ({ done } = await list.resync());
    list.answer(200, { logins: [] });
    await done;
    expect(list.held()).toEqual([]);
  });

  it("knows which logins can be hidden, and words a login", () => {
    expect(isFinishedLogin({ status: "succeeded" })).toBe(true);
    expect(isFinishedLogin({ status: "failed" })).toBe(true);
    expect(isFinishedLogin({ status: "manual" })).toBe(true);
    expect(isFinishedLogin({ status: "waiting" })).toBe(false);
    expect(loggedInText("box", "done")).toBe("Logged in on box: done");
    expect(loggedInText("box", null)).toBe("Logged in on box.");
  });
});

describe("dismissing", () => {
  const a = note({ id: "a", createdAt: "2026-11-25T10:00:00.000Z" });
  const b = note({ id: "b", createdAt: "2026-11-25T11:00:00.000Z" });

  /** The notifications b and a held, and this browser's dismissals as the panel makes them. */
  async function panel() {
    const list = live(NOTIFICATIONS);
    const { done } = await list.resync();
    list.answer(200, { notifications: [a, b] });
    await done;
    const { client } = list;
    return {
      ...list,
      shown: () =>
        removeNotifications(
          list.held(),
          client.getMutationCache().findAll(DISMISSING.filters).flatMap(DISMISSING.select),
        ),
      dismiss: (ids: string[], all = false) =>
        new MutationObserver(client, dismissMutation(client)).mutate({ ids, all }),
    };
  }
  const serverAnswer = (action: typeof dismissNotificationAction) => {
    const answer = deferred<FormState>();
    vi.mocked(action).mockImplementationOnce(() => answer.promise);
    return answer;
  };
  const ids = (list: NotificationEvent[]) => list.map((n) => n.id);

  it("hides at once, and drops once the server has it, even from an older answer landing after", async () => {
    const p = await panel();
    const server = serverAnswer(dismissNotificationAction);
    const { done } = await p.resync();
    const dismissed = p.dismiss(["a"]);
    await flush();
    expect(ids(p.shown())).toEqual(["b"]);
    expect(vi.mocked(dismissNotificationAction).mock.lastCall?.[1].get("id")).toBe("a");

    server.resolve({ ok: true });
    await dismissed;
    expect(ids(p.held())).toEqual(["b"]);
    p.answer(200, { notifications: [a, b] });
    await done;
    expect(ids(p.shown())).toEqual(["b"]);
  });

  it("hides from an answer that lands while the dismissal is under way", async () => {
    const p = await panel();
    const server = serverAnswer(dismissNotificationAction);
    const dismissed = p.dismiss(["a"]);
    const { done } = await p.resync();
    p.answer(200, { notifications: [a, b] });
    await done;
    expect(ids(p.shown())).toEqual(["b"]);
    server.resolve({ ok: true });
    await dismissed;
    expect(ids(p.shown())).toEqual(["b"]);
  });

  it("puts back what the server refused, with its message", async () => {
    const p = await panel();
    const server = serverAnswer(dismissNotificationAction);
    const dismissed = p.dismiss(["a"]);
    await flush();
    expect(ids(p.shown())).toEqual(["b"]);
    server.resolve({ ok: false, message: "Not allowed" });
    await expect(dismissed).rejects.toThrow("Not allowed");
    expect(ids(p.shown())).toEqual(["b", "a"]);
  });

  it("does not put back what another browser dismissed meanwhile", async () => {
    const p = await panel();
    const server = serverAnswer(dismissAllNotificationsAction);
    const dismissed = p.dismiss(["b", "a"], true);
    await flush();
    expect(p.shown()).toEqual([]);
    p.event(UiEvent.notificationsDismissed, { ids: ["a"] });
    server.reject(new TypeError("Failed to fetch"));
    await expect(dismissed).rejects.toThrow("The notifications could not be dismissed; please try again.");
    expect(ids(p.shown())).toEqual(["b"]);
  });
});

describe("NotificationItem", () => {
  const now = Date.parse("2026-11-25T10:05:00.000Z");

  it("shows a failure with its task link and Dismiss", () => {
    const html = renderToStaticMarkup(<NotificationItem notification={note()} now={now} onDismiss={() => {}} />);
    expect(html).toContain('data-testid="notification"');
    expect(html).toContain("Task fix-bug failed");
    expect(html).toContain("exit code 1");
    expect(html).toContain("5 min ago");
    expect(html).toContain('href="/tasks/t1"');
    expect(html).toContain(">Dismiss</button>");
    expect(html).toContain("bg-red-50");
  });

  it("shows the login link of a login_required in a new tab", () => {
    const html = renderToStaticMarkup(
      <NotificationItem
        notification={note({ kind: "login_required", loginUrl: "https://claude.ai/a" })}
        now={now}
        onDismiss={() => {}}
      />,
    );
    expect(html).toContain('href="https://claude.ai/a" target="_blank" rel="noopener noreferrer"');
  });

  it("shows the empty state with Dismiss all disabled", () => {
    const html = renderToStaticMarkup(
      <NotificationList notifications={[]} now={now} onDismiss={() => {}} onDismissAll={() => {}} />,
    );
    expect(html).toContain("No notifications");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Dismiss all<\/button>/);
  });
});

describe("LoginItem", () => {
  /** As an admin sees it (logging a daemon's Claude in is an admin's job). */
  const render = (l: DaemonLoginEvent, role: Role = "admin") =>
    renderToStaticMarkup(
      <RoleProvider role={role}>
        <LoginItem login={l} />
      </RoleProvider>,
    );

  it("asks for the code while waiting", () => {
    const html = render(login());
    expect(html).toContain("Claude on box needs a login");
    expect(html).toContain('target="_blank" rel="noopener noreferrer"');
    expect(html).toContain(">Login code</label>");
    expect(html).toContain('name="loginId" value="l1"');
    expect(html).toContain(">Submit code</button>");
    expect(html).not.toContain(">Hide</button>");
  });

  it("shows the message, with no link or field, when the login is manual", () => {
    const html = render(login({ status: "manual", loginUrl: null, message: "Log in on box itself" }));
    expect(html).toContain("Log in on box itself");
    expect(html).not.toContain("Login code");
    expect(html).not.toContain("<a ");
  });

  it("shows progress while submitting", () => {
    expect(render(login({ status: "submitting" }))).toContain("Submitting the code to Claude on box");
  });

  it("offers a restart and Hide once logged in", () => {
    const html = render(login({ status: "succeeded", message: "token created" }));
    expect(html).toContain("Logged in on box: token created");
    expect(html).toContain(">Restart task</button>");
    expect(html).toContain('name="taskId" value="t1"');
    expect(html).toContain(">Hide</button>");
    expect(render(login({ status: "succeeded", taskId: null }))).not.toContain("Restart task");
  });

  it("shows why a login failed", () => {
    const html = render(login({ status: "failed", message: "Invalid code" }));
    expect(html).toContain("Invalid code");
    expect(html).toContain("bg-red-50");
    expect(html).toContain(">Hide</button>");
  });

  it("shows a member no code field or Hide, but the restart", () => {
    const waiting = render(login(), "member");
    expect(waiting).toContain("Claude on box needs a login");
    expect(waiting).toContain("An admin can log it in from this banner.");
    expect(waiting).not.toContain("Login code");
    expect(waiting).not.toContain("Submit code");
    const succeeded = render(login({ status: "succeeded", message: "token created" }), "member");
    expect(succeeded).toContain(">Restart task</button>");
    expect(succeeded).not.toContain(">Hide</button>");
  });

  it("shows a viewer (and a page without any role) no control at all", () => {
    for (const html of [
      render(login({ status: "failed", message: "Invalid code" }), "viewer"),
      renderToStaticMarkup(<LoginItem login={login()} />),
    ]) {
      expect(html).not.toContain("<button");
      expect(html).not.toContain("<form");
    }
  });
});
