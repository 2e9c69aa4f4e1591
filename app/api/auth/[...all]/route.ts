import { getAuth } from "@/lib/server/auth/auth";

export const dynamic = "force-dynamic";

/**
 * better-auth's endpoints (sign-in, sign-out, sessions, password links). They authenticate for themselves, so they
 * are the one route outside the gate; the request guard still checks their Host and Origin, and sign-in is rate limited.
 */
async function handle(request: Request): Promise<Response> {
  return (await getAuth()).handler(request);
}

export { handle as GET, handle as POST };
