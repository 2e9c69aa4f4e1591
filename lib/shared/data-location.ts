// Where the data lives: read by the server, the CLI and Prisma's own config (prisma.config.ts).
import path from "node:path";

/** The data folder: `MAKIMA_DATA_DIR`, or `./data` under the working directory. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  // Resolved at run time against the working directory, not traced by the bundler.
  return path.resolve(/*turbopackIgnore: true*/ env.MAKIMA_DATA_DIR || "data");
}

/** `DATABASE_URL` when set, else the embedded SQLite file `<data dir>/makima.db`. */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || `file:${path.join(dataDir(env), "makima.db")}`;
}

/** The file path of a `file:` SQLite URL. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file: URL (got "${url}")`);
  }
  return path.resolve(/*turbopackIgnore: true*/ url.slice("file:".length).replace(/\?.*$/, ""));
}
