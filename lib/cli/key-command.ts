import { Email } from "../shared/schemas/user";
import { PersonApiKeyScope } from "../shared/schemas/api-key";
import { createApiKeyOnServer } from "../server/api-keys/create-api-key";
import { defaultDeps, type Deps } from "./io";
import { onDatabase, valid } from "./on-database";
import { commandGroup, runCommand } from "./run-command";

const DESCRIPTION = `Makes API keys straight on the server's database (MAKIMA_DATA_DIR or DATABASE_URL, as for makima server), to
provision daemons and scripts on headless machines without a browser.`;

const AFTER_HELP = `
Exit codes: 0 done (the key is the last line printed), 1 refused (a bad scope, name or email, an unknown or disabled
account, a daemon key for someone who is not an admin or owner, a cli key for nobody), 2 usage.`;

export function runKeyCommand(argv: string[], deps: Deps = defaultDeps()): Promise<number> {
  const { io } = deps;
  const key = commandGroup("key", DESCRIPTION).addHelpText("after", AFTER_HELP);
  key
    .command("create")
    .summary("a new daemon or cli key, printed on the last line")
    .description(
      `Makes a key and prints it on the last line, this once: only its hash is kept. A daemon key without --user is the
server's own (like the local daemon's); with --user its person must be an admin or an owner, and it stops working
when they no longer are. A cli key acts as its person (--user is required).`,
    )
    .requiredOption("--scope <SCOPE>", "daemon or cli")
    .option("--name <NAME>", "what the key is for, as the Settings page lists it")
    .option("--user <EMAIL>", "the person the key belongs to")
    .action((options: { scope: string; name?: string; user?: string }) =>
      onDatabase(async (db) => {
        const scope = valid(PersonApiKeyScope, options.scope);
        const email = options.user === undefined ? null : valid(Email, options.user);
        const name = options.name ?? `${scope === "daemon" ? "Daemon" : "CLI"} key from makima key create`;
        const { apiKey, key: secret } = await createApiKeyOnServer({ scope, name, email }, db);
        const owner = email ? ` for ${email}` : " (the server's own)";
        io.stdout(`Created the ${scope} key "${apiKey.name}"${owner}. It is shown this once; only its hash is kept:\n`);
        io.stdout(`${secret}\n`);
      }),
    );
  return runCommand(key, argv, io);
}
