"use client";

import { useState } from "react";
import { authClient } from "./auth-client";

/** The header's "Sign out": ends the session (the server drops its live sockets too) and goes to the sign-in page. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="rounded-md px-2 py-1 text-neutral-300 hover:bg-neutral-800 hover:text-white disabled:opacity-50"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await authClient.signOut().catch(() => undefined);
        // A full page load, not a client navigation: the live socket and every client-side cache go with the session.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- see above
        window.location.assign("/sign-in");
      }}
    >
      Sign out
    </button>
  );
}
