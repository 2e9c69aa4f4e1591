import { listVisibleLogins } from "@/lib/logins/list-logins";

// Read at request time: never prerendered at build.
export const dynamic = "force-dynamic";

/** GET the Claude logins the banner shows: `{ logins }`. */
export async function GET() {
  return Response.json({ logins: await listVisibleLogins() });
}
