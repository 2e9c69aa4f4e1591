"use client";

import { FormMessage } from "@/components/ui/form-fields";
import { formatDateTime } from "@/components/ui/format";
import { PasswordLink } from "./add-user-form";
import { cardClass, dangerButtonClass, inputClass, secondaryButtonClass } from "@/components/ui/styles";
import { useFormAction } from "@/components/ui/use-form-action";
import { changeUserRoleAction } from "@/lib/server/actions/users/change-user-role";
import { createPasswordLinkAction } from "@/lib/server/actions/users/create-password-link";
import { setUserDisabledAction } from "@/lib/server/actions/users/set-user-disabled";
import type { Role } from "@/lib/shared/auth/roles";

export type UserRow = { id: string; email: string; name: string; role: Role; disabledAt: Date | null; createdAt: Date };

type Props = {
  users: UserRow[];
  /** The signed-in person: they do not disable themselves. */
  selfId: string;
  /** The roles this person may give; a user whose role is not among them (an owner, for an admin) is read-only. */
  assignable: readonly Role[];
};

/** Settings → Users: each person's role (changeable), whether they may sign in, and a new password link. */
export function UserTable({ users, selfId, assignable }: Props) {
  return (
    <div className={`${cardClass} divide-y divide-neutral-100`}>
      {users.map((user) => (
        <UserItem
          key={user.id}
          user={user}
          self={user.id === selfId}
          manageable={assignable.includes(user.role)}
          assignable={assignable}
        />
      ))}
    </div>
  );
}

function UserItem({
  user,
  self,
  manageable,
  assignable,
}: {
  user: UserRow;
  self: boolean;
  manageable: boolean;
  assignable: readonly Role[];
}) {
  const [roleState, roleAction, rolePending] = useFormAction(changeUserRoleAction);
  const [disableState, disableAction, disablePending] = useFormAction(setUserDisabledAction);
  const [linkState, linkAction, linkPending] = useFormAction(createPasswordLinkAction);
  // The link comes with its own box; the other answers show as one message under the row.
  const message = [roleState, disableState, ...(linkState.link ? [] : [linkState])].find((state) => state.message);
  return (
    <div data-testid="user-row" data-email={user.email} className="space-y-2 px-3 py-2.5">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-48 flex-1">
          <p className="font-medium text-neutral-900">
            {user.email} {self && <span className="text-xs font-normal text-neutral-500">(you)</span>}
          </p>
          <p className="text-xs text-neutral-500">
            {user.name} · added {formatDateTime(user.createdAt)} ·{" "}
            <span data-testid="user-status">{user.disabledAt ? "disabled" : "active"}</span>
          </p>
        </div>
        {manageable ? (
          <>
            <form action={roleAction} className="flex items-center gap-2">
              <input type="hidden" name="userId" value={user.id} />
              <select
                name="role"
                defaultValue={user.role}
                aria-label={`Role of ${user.email}`}
                className={`${inputClass} w-32`}
              >
                {assignable.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
              <button type="submit" className={secondaryButtonClass} disabled={rolePending}>
                Change role
              </button>
            </form>
            {!self && (
              <form action={disableAction}>
                <input type="hidden" name="userId" value={user.id} />
                <input type="hidden" name="disabled" value={user.disabledAt ? "false" : "true"} />
                <button
                  type="submit"
                  className={user.disabledAt ? secondaryButtonClass : dangerButtonClass}
                  disabled={disablePending}
                >
                  {user.disabledAt ? "Enable" : "Disable"}
                </button>
              </form>
            )}
            <form action={linkAction}>
              <input type="hidden" name="userId" value={user.id} />
              <button type="submit" className={secondaryButtonClass} disabled={linkPending}>
                Password link
              </button>
            </form>
          </>
        ) : (
          <span className="text-neutral-600">{user.role}</span>
        )}
      </div>
      {message && <FormMessage ok={message.ok} message={message.message} />}
      {linkState.ok && linkState.link && (
        <PasswordLink key={linkState.link} link={linkState.link} message={linkState.message} />
      )}
    </div>
  );
}
