"use client";

import { createAuthClient } from "better-auth/react";

/** better-auth's browser client, on this server's own `/api/auth` (same origin: the session cookie goes along). */
export const authClient = createAuthClient();
