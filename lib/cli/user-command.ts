import { parseArgs } from "node:util";
import { Role, ROLES, ROLE_SUMMARY } from "../shared/auth/roles";
import { getDb } from "../server/db/client";
import { databaseUrl } from "../server/db/location";
import { migrateDatabase } from "../server/db/migrate";
import { Email, Password } from "../shared/schemas/user";
import { createAccount, setPassword } from "../server/auth/accounts";
import { alignColumns } from "./format/layout";
import { readPassword } from "./password-input";

export const USER_HELP = `Usage: makima user <subcommand>

Manages the dashboard's accounts straight on the server's database (MAKIMA_DATA_DIR or DATABASE_URL, as for
makima server), for headless machines. Passwords are read from a prompt, or from the first line of stdin when
it is not a terminal; never from the command line.

Subcommands:
  add <email> --role <role> [--name NAME]   a new account (roles: ${ROLES.join(", ")})
  passwd <email>                             a new password; the person's sessions end
  list                                       every account: email, role, status, created

Roles:
${alignColumns(ROLES.map((role) => [`  ${role}`, ROLE_SUMMARY[role]]))}

Exit codes: 0 done, 1 refused (unknown email, a taken email, a short password), 2 usage.`;

class UsageError extends Error {}

function parse<T extends Record<string, { type: "string" | "boolean" }>>(
  argv: string[],
  options: T,
  positionals: number,
) {
  const parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  if (parsed.positionals.length !== positionals)
    throw new UsageError(`expected ${positionals} argument${positionals === 1 ? "" : "s"}`);
  return parsed;
}

function valid<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(result.error.issues[0]!.message);
  return result.data;
}

export async function runUserCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "help" || sub === "--help" || sub === "-h" || rest.includes("--help") || rest.includes("-h")) {
    console.log(USER_HELP);
    return sub ? 0 : 2;
  }
  try {
    migrateDatabase(databaseUrl());
    const db = getDb();
    switch (sub) {
      case "add": {
        const { positionals, values } = parse(rest, { role: { type: "string" }, name: { type: "string" } }, 1);
        if (!values.role) throw new UsageError("--role is required");
        const role = valid(Role, values.role);
        const email = valid(Email, positionals[0]);
        const password = valid(Password, await readPassword());
        const user = await createAccount(db, { email, role, name: values.name, password });
        console.log(`Added ${user.email} (${role}).`);
        return 0;
      }
      case "passwd": {
        const { positionals } = parse(rest, {}, 1);
        const email = valid(Email, positionals[0]);
        const user = await db.user.findUnique({ where: { email } });
        if (!user) throw new Error(`there is no account for ${email}`);
        await setPassword(db, user.id, valid(Password, await readPassword()));
        console.log(`Changed the password of ${email}; their sessions have ended.`);
        return 0;
      }
      case "list": {
        parse(rest, {}, 0);
        const users = await db.user.findMany({ orderBy: { createdAt: "asc" } });
        if (users.length === 0) console.log("No accounts yet.");
        else {
          const rows = users.map((user) => [
            user.email,
            user.role,
            user.disabledAt ? "disabled" : "active",
            user.createdAt.toISOString(),
          ]);
          console.log(alignColumns([["EMAIL", "ROLE", "STATUS", "CREATED"], ...rows]));
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown subcommand "${sub}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`makima user: ${(error as Error).message}\n\n${USER_HELP}`);
      return 2;
    }
    console.error(`makima user ${sub}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await getDb().$disconnect();
  }
}
