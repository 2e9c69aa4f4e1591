import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { REQUESTED_PATH_HEADER, signInPath } from "@/lib/shared/auth/sign-in-path";

/**
 * Sends a visitor without a session cookie to /sign-in (and back after it) before any page renders. It only looks
 * for the cookie: each page checks the session itself (requirePageActor), so a forged or expired cookie ends at
 * /sign-in too. Pages learn the path they were asked for from a request header.
 */
export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname + request.nextUrl.search;
  if (!getSessionCookie(request)) return NextResponse.redirect(new URL(signInPath(path), request.url));
  const headers = new Headers(request.headers);
  headers.set(REQUESTED_PATH_HEADER, path);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything but the pages a visitor needs before signing in, the API (it answers 401 itself) and static files.
  matcher: ["/((?!sign-in|setup|set-password|api/|_next/|favicon.ico).*)"],
};
