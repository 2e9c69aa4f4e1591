"use client";

import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { NotificationEvent, NotificationKind } from "@/lib/shared/protocol/ui";
import { FormMessage } from "@/components/ui/form-fields";
import { formatDateTime } from "@/components/ui/format";
import { linkClass, secondaryButtonClass } from "@/components/ui/styles";
import { NotificationApproval } from "@/components/approvals/notification-approval";
import { safeExternalUrl, useNotifications, type Dismissal } from "./use-notifications";

// ---------------------------------------------------------------------------------------------------------------
// Pure helpers (unit-tested).

/** The badge's text: nothing at 0, "99+" past 99. */
export function badgeText(count: number): string {
  if (count <= 0) return "";
  return count > 99 ? "99+" : String(count);
}

/** The button's accessible name: "Notifications", or "Notifications, 3 unread". */
export function buttonLabel(count: number): string {
  return count > 0 ? `Notifications, ${count} unread` : "Notifications";
}

/** Where a notification leads: its task, its contract or the daemons page, as fits its kind. */
export function notificationLink(n: Pick<NotificationEvent, "kind" | "taskId" | "contractId" | "daemonId">): {
  href: string;
  label: string;
} | null {
  const task = n.taskId ? { href: `/tasks/${encodeURIComponent(n.taskId)}`, label: "View task" } : null;
  const contract = n.contractId
    ? { href: `/contracts/${encodeURIComponent(n.contractId)}`, label: "View contract" }
    : null;
  const daemons = { href: "/daemons", label: "View daemons" };
  switch (n.kind) {
    case "task_completed":
    case "task_failed":
      return task ?? contract;
    case "loop_breaker_tripped":
    case "iteration_limit_reached":
      return contract ?? task;
    case "login_required":
      return task ?? (n.daemonId ? daemons : null);
    case "daemon_disconnected":
    case "daemon_reconnected":
      return daemons;
    default:
      return task ?? contract ?? (n.daemonId ? daemons : null);
  }
}

type KindLook = { label: string; icon: string; urgent: boolean; item: string; iconClass: string };

/** Each kind's label, icon and colours: failures, breakers, logins and disconnects stand out; the rest stay calm. */
export const KIND_LOOK: Record<NotificationKind, KindLook> = {
  task_completed: {
    label: "Task completed",
    icon: "✓",
    urgent: false,
    item: "border-l-green-500 bg-white",
    iconClass: "bg-green-100 text-green-800",
  },
  task_failed: {
    label: "Task failed",
    icon: "✕",
    urgent: true,
    item: "border-l-red-600 bg-red-50",
    iconClass: "bg-red-600 text-white",
  },
  loop_breaker_tripped: {
    label: "Loop stopped",
    icon: "⏸",
    urgent: true,
    item: "border-l-amber-500 bg-amber-50",
    iconClass: "bg-amber-500 text-white",
  },
  iteration_limit_reached: {
    label: "Iteration limit reached",
    icon: "⏸",
    urgent: true,
    item: "border-l-amber-500 bg-amber-50",
    iconClass: "bg-amber-500 text-white",
  },
  login_required: {
    label: "Login required",
    icon: "!",
    urgent: true,
    item: "border-l-violet-600 bg-violet-50",
    iconClass: "bg-violet-600 text-white",
  },
  approval_needed: {
    label: "Approval needed",
    icon: "?",
    urgent: true,
    item: "border-l-violet-600 bg-violet-50",
    iconClass: "bg-violet-600 text-white",
  },
  question_asked: {
    label: "Question",
    icon: "?",
    urgent: true,
    item: "border-l-violet-600 bg-violet-50",
    iconClass: "bg-violet-600 text-white",
  },
  usage_limit: {
    label: "Usage limit",
    icon: "⏳",
    urgent: false,
    item: "border-l-amber-500 bg-amber-50",
    iconClass: "bg-amber-100 text-amber-900",
  },
  daemon_disconnected: {
    label: "Daemon disconnected",
    icon: "⚠",
    urgent: true,
    item: "border-l-orange-500 bg-orange-50",
    iconClass: "bg-orange-500 text-white",
  },
  daemon_reconnected: {
    label: "Daemon reconnected",
    icon: "↻",
    urgent: false,
    item: "border-l-neutral-300 bg-white",
    iconClass: "bg-neutral-100 text-neutral-700",
  },
};

/** `just now`, `5 min ago`, `3 h ago`, then the date and time. */
export function formatRelativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return formatDateTime(iso);
}

// ---------------------------------------------------------------------------------------------------------------
// Components.

/**
 * One notification in the panel: kind, title, body, time, where it leads, and its Dismiss button; an approval's also
 * its answer (Allow / Deny) or a Review link (components/approvals/notification-approval.tsx).
 */
export function NotificationItem({
  notification: n,
  now,
  onDismiss,
  onNavigate,
}: {
  notification: NotificationEvent;
  now: number;
  onDismiss: (id: string) => void;
  onNavigate?: () => void;
}) {
  const look = KIND_LOOK[n.kind] ?? KIND_LOOK.task_completed;
  const link = notificationLink(n);
  const loginUrl = n.kind === "login_required" ? safeExternalUrl(n.loginUrl) : null;
  const titleId = `notification-${n.id}-title`;
  return (
    <li
      data-testid="notification"
      data-kind={n.kind}
      aria-labelledby={titleId}
      className={`flex gap-3 border-l-4 px-3 py-2.5 ${look.item}`}
    >
      <span
        aria-hidden
        className={`mt-0.5 inline-flex size-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${look.iconClass}`}
      >
        {look.icon}
      </span>
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex items-baseline justify-between gap-2">
          <span
            className={`text-xs font-medium uppercase tracking-wide ${look.urgent ? "text-neutral-800" : "text-neutral-500"}`}
          >
            {look.label}
          </span>
          <time
            dateTime={n.createdAt}
            title={formatDateTime(n.createdAt)}
            className="shrink-0 text-xs text-neutral-500"
          >
            {formatRelativeTime(n.createdAt, now)}
          </time>
        </div>
        <p id={titleId} className="font-medium break-words text-neutral-900">
          {n.title}
        </p>
        {n.body && <p className="whitespace-pre-line break-words text-neutral-700">{n.body}</p>}
        {(n.kind === "approval_needed" || n.kind === "question_asked") && n.taskId && (
          <NotificationApproval taskId={n.taskId} onNavigate={onNavigate} />
        )}
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 pt-0.5">
          {link && (
            <Link href={link.href} className={linkClass} onClick={onNavigate}>
              {link.label}
            </Link>
          )}
          {loginUrl && (
            <a href={loginUrl} target="_blank" rel="noopener noreferrer" className={linkClass}>
              Open login page
            </a>
          )}
          <button
            type="button"
            className="ml-auto text-xs font-medium text-neutral-600 hover:text-neutral-900 hover:underline"
            onClick={() => onDismiss(n.id)}
          >
            Dismiss
          </button>
        </div>
      </div>
    </li>
  );
}

/** The panel's content: the notifications (newest first) or "No notifications", and "Dismiss all". */
export function NotificationList({
  notifications,
  now,
  error,
  onDismiss,
  onDismissAll,
  onNavigate,
}: {
  notifications: NotificationEvent[];
  now: number;
  error?: string;
  onDismiss: (id: string) => void;
  onDismissAll: () => void;
  onNavigate?: () => void;
}) {
  return (
    <>
      <div className="flex items-center justify-between gap-2 border-b border-neutral-200 px-3 py-2">
        <h2 className="text-sm font-semibold text-neutral-900">Notifications</h2>
        <button
          type="button"
          className={`${secondaryButtonClass} px-2 py-1 text-xs`}
          disabled={notifications.length === 0}
          onClick={onDismissAll}
        >
          Dismiss all
        </button>
      </div>
      {error && (
        <div className="px-3 pt-2">
          <FormMessage ok={false} message={error} />
        </div>
      )}
      {notifications.length === 0 ? (
        <p className="px-3 py-6 text-center text-neutral-500">No notifications</p>
      ) : (
        <ul role="list" className="max-h-[70vh] divide-y divide-neutral-200 overflow-y-auto">
          {notifications.map((n) => (
            <NotificationItem key={n.id} notification={n} now={now} onDismiss={onDismiss} onNavigate={onNavigate} />
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * The header's Notifications button, with the count of undismissed notifications, opening a panel of them.
 * Dismissing removes at once (put back if the server refuses); every other open browser drops them when the
 * server says so.
 */
export function NotificationsButton() {
  const { notifications, dismiss } = useNotifications();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const count = notifications.length;

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const tick = window.setInterval(() => setNow(Date.now()), 30_000);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      }
    };
    const onPointer = (event: PointerEvent | MouseEvent) => {
      if (container.current && event.target instanceof Node && !container.current.contains(event.target)) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onPointer);
    panel.current?.focus();
    return () => {
      window.clearInterval(tick);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onPointer);
    };
  }, [open, close]);

  const send = (dismissal: Dismissal) => {
    setError(undefined);
    dismiss(dismissal).catch((failure: Error) => setError(failure.message));
  };

  const badge = badgeText(count);
  return (
    <div ref={container} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={buttonLabel(count)}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => {
          if (open) return close(false);
          // Ages ("2 min ago") are counted from when the panel opens, then every 30 s while it is open.
          setNow(Date.now());
          setOpen(true);
        }}
        className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-sm text-neutral-300 hover:bg-neutral-800 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500"
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4">
          <path d="M10 2a5 5 0 0 0-5 5v2.6c0 .5-.2 1-.5 1.4L3.3 12.6A1 1 0 0 0 4.1 14h11.8a1 1 0 0 0 .8-1.4L15.5 11a2.3 2.3 0 0 1-.5-1.4V7a5 5 0 0 0-5-5Zm-2 13a2 2 0 0 0 4 0H8Z" />
        </svg>
        Notifications
        {badge && (
          <span
            data-testid="notification-count"
            className="min-w-5 rounded-full bg-red-600 px-1.5 text-center text-xs font-semibold tabular-nums leading-5 text-white"
          >
            {badge}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          role="dialog"
          aria-label="Notifications"
          tabIndex={-1}
          className="absolute right-0 top-full z-50 mt-2 w-96 max-w-[calc(100vw-2rem)] overflow-hidden max-sm:fixed max-sm:inset-x-4 max-sm:top-20 max-sm:w-auto max-sm:max-w-none rounded-lg border border-neutral-200 bg-white text-sm text-neutral-900 shadow-lg focus:outline-none"
        >
          <NotificationList
            notifications={notifications}
            now={now}
            error={error}
            onDismiss={(id) => send({ ids: [id], all: false })}
            onDismissAll={() => send({ ids: notifications.map((n) => n.id), all: true })}
            onNavigate={() => close(false)}
          />
        </div>
      )}
    </div>
  );
}
