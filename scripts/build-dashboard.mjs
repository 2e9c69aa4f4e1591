// `npm start`'s first step: builds the dashboard (`next build`) only when what the build is made from changed since
// the last build this script ran, so a start of an unchanged checkout does not wait for a build.
//
// What the build is made from: every file of the project outside the folders that are not (dependencies, build
// output, data, tests, docs, benchmarks), which includes package.json and package-lock.json (a dependency update
// rebuilds), plus the NEXT_PUBLIC_* variables (Next.js writes their values into the build). Its SHA-256 is kept in
// .next/makima-build.json with the BUILD_ID that build made: a build made since by anything else (`next build` by
// hand, `npm test`) has another BUILD_ID, so it does not count as up to date. Plain JavaScript: it runs before tsx.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Folders at the project's top that are not build inputs. */
const NOT_INPUTS = new Set([
  ".git",
  ".next",
  ".tmp",
  ".ci",
  "node_modules",
  "data",
  "test-results",
  "playwright-report",
  "coverage",
  "docs",
  "e2e",
  "test",
  "bench",
]);
/** Files anywhere that are not build inputs: tests, notes, what the type checker caches, what Next.js writes itself. */
const NOT_INPUT_FILES = /(\.test\.[cm]?[jt]sx?|\.md|\.tsbuildinfo|^next-env\.d\.ts)$/;

const RECORD = ".next/makima-build.json";

/**
 * The SHA-256 of what a build of the project at `root` is made from: each input file's path and content, in path
 * order, and the NEXT_PUBLIC_* variables of `env`. `dataDir`, when inside the project, is left out (the database).
 * @param {string} root
 * @param {Record<string, string | undefined>} [env]
 * @param {string} [dataDir]
 */
export function buildInputsFingerprint(root, env = process.env, dataDir = path.resolve(root, "data")) {
  const hash = createHash("sha256");
  const walk = (dir, top) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (top && NOT_INPUTS.has(entry.name)) continue;
      if (path.resolve(full) === path.resolve(dataDir)) continue;
      if (entry.isDirectory()) walk(full, false);
      else if (entry.isFile() && !NOT_INPUT_FILES.test(entry.name)) {
        hash.update(`${path.relative(root, full)}\0`);
        hash.update(fs.readFileSync(full));
        hash.update("\0");
      }
    }
  };
  walk(root, true);
  for (const name of Object.keys(env)
    .filter((key) => key.startsWith("NEXT_PUBLIC_"))
    .sort()) {
    hash.update(`${name}=${env[name]}\0`);
  }
  return hash.digest("hex");
}

function readBuildId(root) {
  try {
    return fs.readFileSync(path.join(root, ".next/BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

function readRecord(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, RECORD), "utf8"));
  } catch {
    return null;
  }
}

/**
 * Builds the project at `root` with `build()` (which throws when the build fails) unless the last build this made is
 * still there and was made from the same inputs. Returns "built" or "up to date".
 * @param {{ root: string, build: () => void, env?: Record<string, string | undefined>, dataDir?: string }} options
 * @returns {"built" | "up to date"}
 */
export function ensureBuilt({ root, build, env = process.env, dataDir }) {
  const fingerprint = buildInputsFingerprint(root, env, dataDir);
  const record = readRecord(root);
  const buildId = readBuildId(root);
  if (record && buildId && record.buildId === buildId && record.fingerprint === fingerprint) return "up to date";
  fs.rmSync(path.join(root, RECORD), { force: true });
  build();
  const built = readBuildId(root);
  if (!built) throw new Error("the build left no .next/BUILD_ID");
  // An input that changed while it built (a file saved meanwhile, one the build rewrote): not recorded, so the next
  // start builds again.
  if (buildInputsFingerprint(root, env, dataDir) === fingerprint) {
    fs.writeFileSync(path.join(root, RECORD), `${JSON.stringify({ buildId: built, fingerprint }, null, 2)}\n`);
  }
  return "built";
}

function nextBuild(root) {
  const next = path.join(root, "node_modules/next/dist/bin/next");
  const result = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status ?? result.signal})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const dataDir = path.resolve(process.env.MAKIMA_DATA_DIR || "data");
  try {
    const outcome = ensureBuilt({ root, build: () => nextBuild(root), dataDir });
    if (outcome === "up to date") console.log("The dashboard's build is up to date: not building it again.");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
