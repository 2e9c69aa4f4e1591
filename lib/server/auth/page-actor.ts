import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { hasRole, type Role } from "../../shared/auth/roles";
import { REQUESTED_PATH_HEADER, signInPath } from "../../shared/auth/sign-in-path";
import { sessionActor, type Actor } from "./actor";

/** One session look-up per request, however many of the page's parts ask (layout, metadata, page). */
const requestActor = cache(async () => sessionActor(await headers()));

/**
 * The signed-in person a dashboard page is for; anyone else (no cookie, a forged or expired one, a disabled account)
 * goes to /sign-in and comes back here after it. With `role`, a person below it gets the not-found page.
 *
 * Every page (and its generateMetadata) calls it itself: a layout's check is not enough, since Next.js renders a
 * page without its layouts when the client says it has them already (a client-side navigation).
 */
export async function requirePageActor(role: Role = "viewer"): Promise<Actor> {
  const actor = await requestActor();
  if (!actor) redirect(signInPath((await headers()).get(REQUESTED_PATH_HEADER)));
  if (!hasRole(actor.role, role)) notFound();
  return actor;
}
