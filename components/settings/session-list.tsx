"use client";

import { FormMessage } from "@/components/ui/form-fields";
import { formatDateTime } from "@/components/ui/format";
import { cardClass, secondaryButtonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import { revokeSessionAction } from "@/lib/server/actions/sessions/revoke-session";

export type SessionRow = {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
};

/** Settings → Sessions: where the person is signed in, each with Revoke (which also ends its live views). */
export function SessionList({ sessions }: { sessions: SessionRow[] }) {
  return (
    <ul className={`${cardClass} divide-y divide-neutral-100`}>
      {sessions.map((session) => (
        <SessionItem key={session.id} session={session} />
      ))}
    </ul>
  );
}

function SessionItem({ session }: { session: SessionRow }) {
  const [state, action, pending] = useFormAction(revokeSessionAction);
  return (
    <li data-testid="session-row" className="flex flex-wrap items-center gap-3 px-3 py-2">
      <div className="min-w-0 flex-1">
        <p className="truncate text-neutral-900" title={session.userAgent ?? undefined}>
          {session.userAgent ?? "Unknown browser"}{" "}
          {session.current && <span className="text-xs text-green-700">(this browser)</span>}
        </p>
        <p className="text-xs text-neutral-500">
          from {session.ipAddress ?? "an unknown address"} · signed in {formatDateTime(session.createdAt)} · last used{" "}
          {formatDateTime(session.updatedAt)} · ends {formatDateTime(session.expiresAt)}
        </p>
        <FormMessage ok={state.ok} message={state.message} />
      </div>
      <form action={action}>
        <input type="hidden" name="sessionId" value={session.id} />
        <button type="submit" className={secondaryButtonClass} disabled={pending}>
          Revoke
        </button>
      </form>
    </li>
  );
}
