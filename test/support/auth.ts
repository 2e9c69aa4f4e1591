import { io, type Socket } from "socket.io-client";
import type { Role } from "../../lib/shared/auth/roles";
import { getDb } from "../../lib/server/db/client";
import { UI_NAMESPACE } from "../../lib/shared/protocol/ui";
import { createApiKey } from "../../lib/server/api-keys/api-key-store";
import { createAccount } from "../../lib/server/auth/accounts";
import { getAuth } from "../../lib/server/auth/auth";

export const TEST_PASSWORD = "correct horse battery staple";

let counter = 0;

/** A user of that role with a password, on the running server's database. */
export async function createTestUser(role: Role = "owner", email = `${role}-${++counter}-${process.pid}@makima.test`) {
  return createAccount(getDb(), { email, role, password: TEST_PASSWORD });
}

/** Signs in through better-auth as a browser would and returns the `Cookie` header its answer sets. */
export async function signIn(email: string, password = TEST_PASSWORD): Promise<string> {
  const auth = await getAuth();
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** A signed-in person of that role: the user and their session cookie. */
export async function signedInUser(role: Role = "owner") {
  const user = await createTestUser(role);
  return { user, cookie: await signIn(user.email) };
}

/** A cli API key acting as a (new) person of that role. */
export async function personKey(role: Role = "member"): Promise<string> {
  const user = await createTestUser(role);
  return (await createApiKey(getDb(), { name: `${role} key`, scope: "cli", userId: user.id })).key;
}

/** A browser's `/ui` socket: the session cookie and the server's own Origin, as a page of the dashboard sends them. */
export function uiSocket(serverUrl: string, cookie: string, origin = serverUrl): Socket {
  return io(serverUrl + UI_NAMESPACE, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie, origin } });
}
