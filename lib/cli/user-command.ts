import { Role, ROLES, ROLE_SUMMARY } from "../shared/auth/roles";
import { Email, Password } from "../shared/schemas/user";
import { createAccount, setPassword } from "../server/auth/accounts";
import { alignColumns, indent } from "./format/layout";
import { defaultDeps, type Deps } from "./io";
import { onDatabase, valid } from "./on-database";
import { readPassword } from "./password-input";
import { commandGroup, runCommand } from "./run-command";

const PASSWORDS =
  "Passwords are read from a prompt, or from the first line of stdin when it is not a terminal; never from argv.";

const DESCRIPTION = `Manages the dashboard's accounts straight on the server's database (MAKIMA_DATA_DIR or DATABASE_URL, as for
makima server), for headless machines.
${PASSWORDS}`;

const AFTER_HELP = `
Roles:
${indent(alignColumns(ROLES.map((role) => [role, ROLE_SUMMARY[role]])), "  ")}

Exit codes: 0 done, 1 refused (unknown email, a taken email, a short password), 2 usage.`;

export function runUserCommand(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  const { io } = deps;
  const user = commandGroup("user", DESCRIPTION).addHelpText("after", AFTER_HELP);
  user
    .command("add")
    .summary(`a new account (roles: ${ROLES.join(", ")})`)
    .description(`Adds an account with the role given; a taken email is refused.\n${PASSWORDS}`)
    .argument("<email>", "the account's email")
    .requiredOption("--role <ROLE>", `the account's role: ${ROLES.join(", ")}`)
    .option("--name <NAME>", "the person's name")
    .action((address: string, options: { role: string; name?: string }) =>
      onDatabase(async (db) => {
        const role = valid(Role, options.role);
        const email = valid(Email, address);
        const password = valid(Password, await readPassword());
        const account = await createAccount(db, { email, role, name: options.name, password });
        io.stdout(`Added ${account.email} (${role}).\n`);
      }),
    );
  user
    .command("passwd")
    .summary("a new password; the person's sessions end")
    .description(`Sets a new password for the account; the person's sessions end.\n${PASSWORDS}`)
    .argument("<email>", "the account's email")
    .action((address: string) =>
      onDatabase(async (db) => {
        const email = valid(Email, address);
        const account = await db.user.findUnique({ where: { email } });
        if (!account) throw new Error(`there is no account for ${email}`);
        await setPassword(db, account.id, valid(Password, await readPassword()));
        io.stdout(`Changed the password of ${email}; their sessions have ended.\n`);
      }),
    );
  user
    .command("list")
    .summary("every account: email, role, status, created")
    .description("Lists every account, oldest first: email, role, status (active or disabled) and when it was made.")
    .action(() =>
      onDatabase(async (db) => {
        const accounts = await db.user.findMany({ orderBy: { createdAt: "asc" } });
        const rows = accounts.map((account) => [
          account.email,
          account.role,
          account.disabledAt ? "disabled" : "active",
          account.createdAt.toISOString(),
        ]);
        io.stdout(
          rows.length ? `${alignColumns([["EMAIL", "ROLE", "STATUS", "CREATED"], ...rows])}\n` : "No accounts yet.\n",
        );
      }),
    );
  return runCommand(user, argv, io);
}
