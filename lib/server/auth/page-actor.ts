import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { hasRole, type Role } from "../../auth/roles";
import { REQUESTED_PATH_HEADER, signInPath } from "../../auth/sign-in-path";
import { sessionActor, type Actor } from "./actor";

/**
 * The signed-in person a dashboard page is for; anyone else (no cookie, a forged or expired one, a disabled account)
 * goes to /sign-in and comes back here after it. With `role`, a person below it gets the not-found page.
 */
export async function requirePageActor(role: Role = "viewer"): Promise<Actor> {
  const requestHeaders = await headers();
  const actor = await sessionActor(requestHeaders);
  if (!actor) redirect(signInPath(requestHeaders.get(REQUESTED_PATH_HEADER)));
  if (!hasRole(actor.role, role)) notFound();
  return actor;
}
