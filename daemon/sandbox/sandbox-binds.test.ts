import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/git";
import { DAEMON_INSTALL } from "../claude/makima-shim";
import { bindsToPutBack, commandPaths, type Mount } from "./sandbox-binds";

const scratch = fs.realpathSync(tempDir("makima-sandbox-binds-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function executable(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o755 });
  return file;
}

function symlink(link: string, target: string): string {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(target, link);
  return link;
}

describe("commandPaths", () => {
  const bin = path.join(scratch, "bin");
  const lib = path.join(scratch, "lib");
  const node = executable(path.join(scratch, "node/node"), "a node\n");
  const nodeOnPath = symlink(path.join(bin, "node"), node);
  const pathEnv = [bin, "/usr/bin", "/bin"].join(path.delimiter);
  const daemonOwn = [process.execPath, DAEMON_INSTALL].flatMap((target) => [target, fs.realpathSync(target)]);
  /** The paths but those of the daemon's node and install, which are always there. */
  const without = (paths: string[]) => paths.filter((target) => !daemonOwn.includes(target));

  it("holds the command found on PATH and its real path, and the interpreter a #!/usr/bin/env script names", () => {
    const script = executable(path.join(lib, "cli.mjs"), "#!/usr/bin/env -S node --no-warnings\nconsole.log(1);\n");
    const claude = symlink(path.join(bin, "claude"), "../lib/cli.mjs");
    expect(without(commandPaths({ command: "claude", pathEnv }))).toEqual([
      claude,
      script,
      ...new Set(["/usr/bin/env", fs.realpathSync("/usr/bin/env")]),
      nodeOnPath,
      node,
    ]);
  });

  it("holds an absolute #! interpreter, and the absolute paths of the command line (a script node runs)", () => {
    const shell = executable(path.join(lib, "shell-script"), "#!/bin/sh\necho hi\n");
    expect(without(commandPaths({ command: shell, pathEnv }))).toEqual([shell, "/bin/sh", fs.realpathSync("/bin/sh")]);
    const script = executable(path.join(lib, "script.mjs"), "console.log(1);\n");
    expect(without(commandPaths({ command: `node --inspect=0 ${script} ./relative`, pathEnv }))).toEqual([
      nodeOnPath,
      node,
      script,
    ]);
  });

  it("always holds the makima shim's folder and what it runs: the daemon's node and install", () => {
    const makimaBin = path.join(scratch, "shim");
    fs.mkdirSync(makimaBin);
    expect(commandPaths({ command: "no-such-claude", pathEnv, makimaBin })).toEqual([makimaBin, ...new Set(daemonOwn)]);
  });

  it("leaves out what does not exist, and a relative path (it is in the worktree)", () => {
    expect(without(commandPaths({ command: "./claude /no/such/script.mjs", pathEnv }))).toEqual([]);
    expect(commandPaths({ command: "claude", pathEnv, makimaBin: path.join(scratch, "no-shim") })).not.toContain(
      path.join(scratch, "no-shim"),
    );
  });
});

describe("bindsToPutBack", () => {
  const mounts: Mount[] = [
    ["--ro-bind", "/"],
    ["--dev", "/dev"],
    ["--proc", "/proc"],
    ["--tmpfs", "/tmp"],
    ["--ro-bind", "/tmp/repo"],
    ["--tmpfs", "/tmp/clone/data"],
    ["--bind", "/tmp/clone/data/worktrees/task"],
  ];

  it("puts back only what a tmpfs hides: not what the root bind shows, nor what is bound already", () => {
    expect(
      bindsToPutBack(
        ["/usr/bin/node", "/home/me/.local/bin/claude", "/dev/null", "/tmp/repo/bin/claude", "/tmp/node/bin/node"],
        mounts,
      ),
    ).toEqual(["/tmp/node/bin/node"]);
  });

  it("never puts a path inside the worktree back read-only: the worktree stays writable", () => {
    expect(bindsToPutBack(["/tmp/clone/data/worktrees/task/node_modules/.bin/claude"], mounts)).toEqual([]);
  });

  it("puts each back once, and leaves out one inside another it puts back", () => {
    expect(bindsToPutBack(["/tmp/clone", "/tmp/clone/bin/makima.mjs", "/tmp/clone", "/tmp/node"], mounts)).toEqual([
      "/tmp/clone",
      "/tmp/node",
    ]);
  });

  it("keeps one inside another when a tmpfs between the two hides it again", () => {
    expect(bindsToPutBack(["/tmp/clone", "/tmp/clone/data/bin", "/tmp/clone/data/bin/makima"], mounts)).toEqual([
      "/tmp/clone",
      "/tmp/clone/data/bin",
    ]);
  });

  it("never puts back a tmpfs's own folder: /tmp itself or a hidden folder", () => {
    expect(bindsToPutBack(["/tmp", "/tmp/clone/data"], mounts)).toEqual([]);
  });
});
