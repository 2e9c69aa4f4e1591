import type { Metadata } from "next";
import Link from "next/link";
import { IfCan } from "@/components/auth/role-context";
import { ApiKeyTable } from "@/components/settings/api-key-table";
import { NewApiKeyForm } from "@/components/settings/new-api-key-form";
import { linkClass } from "@/components/ui/styles";
import { listApiKeys } from "@/lib/server/api-keys/list-api-keys";
import { AddUserForm } from "@/components/settings/add-user-form";
import { SessionList } from "@/components/settings/session-list";
import { UserTable } from "@/components/settings/user-table";
import { hasRole, ROLES } from "@/lib/shared/auth/roles";
import { listOwnSessions, listUsers } from "@/lib/server/auth/users";
import { requirePageActor } from "@/lib/server/auth/page-actor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

type SearchParams = Promise<{ taskKeys?: string }>;

export default async function SettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const includeTaskKeys = (await searchParams).taskKeys === "show";
  const actor = await requirePageActor();
  // A member sees and revokes their own keys; an admin everyone's.
  const isAdmin = hasRole(actor.role, "admin");
  const { keys, hiddenTaskKeys } = await listApiKeys({ includeTaskKeys, userId: isAdmin ? undefined : actor.userId });
  const sessions = await listOwnSessions(actor);
  const users = isAdmin ? await listUsers() : [];
  // Only an owner gives (or takes away) the owner role.
  const assignable = ROLES.filter((role) => actor.role === "owner" || role !== "owner");

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
      </div>
      <section aria-labelledby="api-keys-heading" className="space-y-4">
        <div>
          <h2 id="api-keys-heading" className="text-base font-semibold">
            API keys
          </h2>
          <p className="text-neutral-600">
            Daemons and the <code className="font-mono">makima</code> command sign in with a key. Each key is shown
            once, when it is made; the server stores only its hash, so a lost key cannot be shown again: revoke it and
            make a new one.
          </p>
        </div>
        <IfCan role="member">
          <NewApiKeyForm />
        </IfCan>
        <ApiKeyTable keys={keys} />
        {includeTaskKeys ? (
          <p className="text-neutral-600" data-testid="task-keys-note">
            Task keys are listed too: the server makes one for each task it runs.{" "}
            <Link href="/settings" className={linkClass}>
              Hide task keys
            </Link>
          </p>
        ) : (
          hiddenTaskKeys > 0 && (
            <p className="text-neutral-600" data-testid="task-keys-note">
              {hiddenTaskKeys} task {hiddenTaskKeys === 1 ? "key" : "keys"} (made for running tasks) not listed.{" "}
              <Link href="/settings?taskKeys=show" className={linkClass}>
                Show task keys
              </Link>
            </p>
          )
        )}
      </section>
      {isAdmin && (
        <section aria-labelledby="users-heading" className="space-y-4">
          <div>
            <h2 id="users-heading" className="text-base font-semibold">
              Users
            </h2>
            <p className="text-neutral-600">
              Who may sign in, and what they may do: a viewer reads everything and changes nothing; a member runs
              contracts and tasks; an admin also manages users (other than owners), keys, daemons and settings; an owner
              may do everything. A disabled user cannot sign in, and their sessions and keys stop at once.
            </p>
          </div>
          <AddUserForm assignable={assignable} />
          <UserTable users={users} selfId={actor.userId} assignable={assignable} />
        </section>
      )}
      <section aria-labelledby="sessions-heading" className="space-y-3">
        <div>
          <h2 id="sessions-heading" className="text-base font-semibold">
            Sessions
          </h2>
          <p className="text-neutral-600">
            Where you are signed in. Revoking a session signs that browser out at once.
          </p>
        </div>
        <SessionList sessions={sessions} />
      </section>
    </div>
  );
}
