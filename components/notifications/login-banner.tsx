"use client";

import type { DaemonLoginEvent } from "@/lib/shared/protocol/ui";
import { closeLoginAction } from "@/lib/server/actions/logins/close-login";
import { submitLoginCodeAction } from "@/lib/server/actions/logins/submit-login-code";
import { restartTaskAction } from "@/lib/server/actions/tasks/restart-task";
import { FormMessage, TextField } from "@/components/ui/form-fields";
import { useFormAction } from "@/components/ui/use-form-action";
import { LOGIN_LIMITS } from "@/lib/shared/schemas/notification";
import { buttonClass, linkClass, secondaryButtonClass } from "@/components/ui/styles";
import { safeExternalUrl, useLogins } from "./use-notifications";
import { useCan } from "@/components/auth/role-context";

/** A login nothing more can be done with here (succeeded, failed, or to be done by hand), which may be hidden. */
export function isFinishedLogin(login: Pick<DaemonLoginEvent, "status">): boolean {
  return login.status === "succeeded" || login.status === "failed" || login.status === "manual";
}

/** The green line after a login went through: "Logged in on host: message". */
export function loggedInText(hostname: string, message: string | null | undefined): string {
  return message ? `Logged in on ${hostname}: ${message}` : `Logged in on ${hostname}.`;
}

const LOOK: Record<DaemonLoginEvent["status"], string> = {
  waiting: "border-violet-300 bg-violet-50",
  submitting: "border-violet-300 bg-violet-50",
  manual: "border-amber-300 bg-amber-50",
  succeeded: "border-green-300 bg-green-50",
  failed: "border-red-300 bg-red-50",
};

function Spinner() {
  return (
    <span
      aria-hidden
      className="inline-block size-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
    />
  );
}

/** "Hide": takes the login off the banner in every browser. */
function HideLoginForm({ loginId }: { loginId: string }) {
  const [, formAction, pending] = useFormAction(closeLoginAction);
  return (
    <form action={formAction}>
      <input type="hidden" name="loginId" value={loginId} />
      <button type="submit" className={`${secondaryButtonClass} px-2 py-0.5 text-xs`} disabled={pending}>
        Hide
      </button>
    </form>
  );
}

/** Restarts the task the login stopped (the action goes to the new task) and takes the login off the banner. */
function RestartTaskForm({ taskId, loginId }: { taskId: string; loginId: string }) {
  const [state, formAction, pending] = useFormAction(restartTaskAction);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="loginId" value={loginId} />
      <button type="submit" className={buttonClass} disabled={pending} aria-busy={pending}>
        Restart task
      </button>
      {pending && <span className="text-neutral-600">Restarting…</span>}
      {!state.ok && <FormMessage ok={false} message={state.message} />}
    </form>
  );
}

/** One daemon's login: its link and code field, its progress, or how it ended. */
export function LoginItem({ login }: { login: DaemonLoginEvent }) {
  const [state, formAction, pending] = useFormAction(submitLoginCodeAction);
  const loginUrl = safeExternalUrl(login.loginUrl);
  const fieldId = `login-code-${login.id}`;
  const { hostname, status } = login;
  const submitted = state.ok ? loggedInText(hostname, state.message) : state.message;
  // Logging a daemon's Claude in is an admin's job; restarting the task, a member's.
  const mayLogIn = useCan("admin");
  const mayRestart = useCan("member");

  return (
    <div data-testid="login" data-status={status} className={`space-y-2 rounded-md border px-3 py-2.5 ${LOOK[status]}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="font-medium text-neutral-900">
          {status === "succeeded" ? `Claude on ${hostname} is logged in` : `Claude on ${hostname} needs a login`}
        </p>
        {mayLogIn && isFinishedLogin(login) && <HideLoginForm loginId={login.id} />}
      </div>

      {status === "waiting" && !mayLogIn && (
        <p className="text-neutral-700">An admin can log it in from this banner.</p>
      )}
      {status === "waiting" && mayLogIn && (
        <>
          {loginUrl ? (
            <p className="text-neutral-700">
              <a href={loginUrl} target="_blank" rel="noopener noreferrer" className={`${linkClass} font-medium`}>
                Open the login page
              </a>{" "}
              (opens in a new tab), sign in, then paste the code it shows here.
            </p>
          ) : (
            <p className="text-neutral-700">Paste the code from the login page here.</p>
          )}
          <form action={formAction} noValidate className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="loginId" value={login.id} />
            <div className="w-72 max-w-full">
              <TextField
                id={fieldId}
                name="code"
                label="Login code"
                autoComplete="off"
                spellCheck={false}
                required
                maxLength={LOGIN_LIMITS.code}
                defaultValue={state.ok ? "" : (state.values?.code ?? "")}
                errors={state.fieldErrors?.code}
              />
            </div>
            <button type="submit" className={`${buttonClass} mb-px`} disabled={pending} aria-busy={pending}>
              Submit code
            </button>
            {pending && (
              <span role="status" className="inline-flex items-center gap-1.5 pb-1.5 text-neutral-600">
                <Spinner /> Submitting…
              </span>
            )}
          </form>
          <FormMessage ok={state.ok} message={submitted} />
        </>
      )}

      {status === "submitting" && (
        <p role="status" className="inline-flex items-center gap-1.5 text-neutral-700">
          <Spinner /> Submitting the code to Claude on {hostname}…
        </p>
      )}

      {status === "manual" && (
        <p className="text-amber-900">
          {login.message ??
            `No login link came: log in to Claude on ${hostname} itself (run \`claude\` there, then /login).`}
        </p>
      )}

      {status === "succeeded" && (
        <>
          <FormMessage ok message={loggedInText(hostname, state.ok && state.message ? state.message : login.message)} />
          {mayRestart && login.taskId && <RestartTaskForm taskId={login.taskId} loginId={login.id} />}
        </>
      )}

      {status === "failed" && (
        <>
          <FormMessage
            ok={false}
            message={login.message ?? `The login on ${hostname} failed; a new login link is needed.`}
          />
          {!state.ok && state.message && state.message !== login.message && (
            <FormMessage ok={false} message={state.message} />
          )}
          <p className="text-neutral-700">Each link takes one code: restart the task to get a new link.</p>
          {mayRestart && login.taskId && <RestartTaskForm taskId={login.taskId} loginId={login.id} />}
        </>
      )}
    </div>
  );
}

/**
 * The banner at the top of every page while a daemon's Claude needs (or has just finished) a login: a link to log
 * in and a field for the code, kept current by `login:updated` events.
 */
export function LoginBanner() {
  const shown = useLogins().filter((login) => !login.closed);
  if (shown.length === 0) return null;
  return (
    <section role="region" aria-label="Claude login" className="mx-auto max-w-6xl space-y-2 px-4 pt-4">
      {shown.map((login) => (
        <LoginItem key={login.id} login={login} />
      ))}
    </section>
  );
}
