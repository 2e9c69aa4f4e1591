import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitRepo, git, tempDir } from "../../test/support/git";
import { buildClaudeArgs, childEnvironment, userMessageLine } from "../claude/args";
import { ClaudeProcess, type CommandWrapper } from "../claude/claude-process";
import { createTaskWorktree, type TaskWorktree } from "../git/worktree";
import { bubblewrapArgs, gitDirsOf, sandboxWrapper } from "./bubblewrap";
import { processGroupMembers } from "../claude/process-group";
import { ASK_BEFORE_COMMANDS } from "../../test/support/claude-args";

const BWRAP = "/usr/bin/bwrap";
const FAKE_CLAUDE_COMMAND = `${process.execPath} ${path.resolve(import.meta.dirname, "../../scripts/fake-claude.mjs")}`;

async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Host pids whose command line contains `marker`. */
function pidsWithMarker(marker: string): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(!fs.existsSync(BWRAP))("bubblewrap sandbox", () => {
  let root: string;
  let repo: string;
  let home: string;
  let worktree: TaskWorktree;
  let wrapper: CommandWrapper;
  const warnings: string[] = [];
  const hostTmpFile = path.join(tempDir("makima-host-tmp-"), "visible-on-the-host");

  beforeAll(async () => {
    root = fs.realpathSync(tempDir("makima-sandbox-"));
    repo = path.join(root, "repo");
    home = path.join(root, "home");
    fs.mkdirSync(repo);
    fs.mkdirSync(home);
    fs.mkdirSync(path.join(root, "shared"));
    fs.writeFileSync(path.join(home, ".claude.json"), "{}\n");
    fs.writeFileSync(hostTmpFile, "host\n");
    createGitRepo(repo);
    // The sandbox makes .git/logs when a repository has none, so that the branch's reflog can be written.
    fs.rmSync(path.join(repo, ".git/logs"), { recursive: true });
    worktree = await createTaskWorktree({
      repository: { path: repo, cloned: false },
      worktreesDir: path.join(root, "worktrees"),
      taskId: "5a4db0c1-0000-4000-8000-000000000000",
      taskName: "Sandbox test",
      baseBranch: "main",
    });
    wrapper = await sandboxWrapper(
      worktree.path,
      {
        enabled: true,
        readOnlyBinds: [path.join(root, "missing-ro")],
        readWriteBinds: [path.join(root, "shared"), path.join(root, "missing-rw")],
        hiddenPaths: [],
        bwrapPath: BWRAP,
      },
      { command: FAKE_CLAUDE_COMMAND, pathEnv: process.env.PATH },
      { home, warn: (message) => warnings.push(message) },
    );
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(path.dirname(hostTmpFile), { recursive: true, force: true });
  });

  /** Runs a shell script in the sandbox, as claude would be run: from the worktree, HOME at the test's home. */
  function sandboxed(script: string, sandbox = { wrapper, cwd: worktree.path }) {
    const result = spawnSync(sandbox.wrapper.file, [...sandbox.wrapper.args, "sh", "-c", script], {
      cwd: sandbox.cwd,
      env: { ...process.env, HOME: home },
      encoding: "utf8",
    });
    return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
  }

  it("builds bwrap's arguments: read-only root, fresh /tmp, the worktree and git's parts read-write, then --", async () => {
    const { gitDir, gitCommonDir } = await gitDirsOf(worktree.path);
    expect(gitCommonDir).toBe(path.join(repo, ".git"));
    expect(gitDir).toBe(path.join(repo, ".git/worktrees", path.basename(worktree.path)));
    expect(wrapper.file).toBe(BWRAP);
    const args = wrapper.args.join(" ");
    expect(args.startsWith("--ro-bind / / --dev /dev --proc /proc --tmpfs /tmp ")).toBe(true);
    for (const writable of [
      worktree.path,
      gitDir,
      `${gitCommonDir}/objects`,
      `${gitCommonDir}/refs`,
      `${gitCommonDir}/logs`,
      `${home}/.claude`,
      `${home}/.claude.json`,
    ]) {
      expect(args).toContain(`--bind ${writable} ${writable}`);
    }
    expect(args).not.toContain(`--bind ${gitCommonDir} `);
    expect(args.endsWith(`--unshare-pid --share-net --die-with-parent --chdir ${worktree.path} --`)).toBe(true);
    expect(fs.existsSync(path.join(gitCommonDir, "logs"))).toBe(true);
    expect(fs.existsSync(path.join(home, ".claude"))).toBe(true);
  });

  it("skips extra binds that do not exist, with a warning, and binds the others", () => {
    expect(warnings).toEqual([
      `read-only bind ${root}/missing-ro does not exist: skipped`,
      `read-write bind ${root}/missing-rw does not exist: skipped`,
    ]);
    expect(wrapper.args.join(" ")).not.toContain("missing-");
    expect(sandboxed(`echo shared > ${root}/shared/file`).code).toBe(0);
    expect(fs.readFileSync(path.join(root, "shared/file"), "utf8")).toBe("shared\n");
  });

  it("runs from the worktree, which is writable", () => {
    const result = sandboxed("pwd && echo hello > from-sandbox.txt");
    expect(result).toMatchObject({ code: 0, stdout: worktree.path });
    expect(fs.readFileSync(path.join(worktree.path, "from-sandbox.txt"), "utf8")).toBe("hello\n");
  });

  it("lets git add + git commit work on the task's branch", () => {
    const mainBefore = git(repo, "rev-parse", "main");
    const result = sandboxed(
      "echo committed > committed.txt && git add committed.txt && git commit -q -m 'commit from the sandbox'",
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(git(repo, "log", "-1", "--format=%s", worktree.branch)).toBe("commit from the sandbox");
    expect(git(repo, "show", `${worktree.branch}:committed.txt`)).toBe("committed");
    expect(git(repo, "reflog", "-1", "--format=%gs", worktree.branch)).toBe("commit: commit from the sandbox");
    expect(git(repo, "rev-parse", "main")).toBe(mainBefore);
    expect(git(worktree.path, "status", "--porcelain")).toBe("?? from-sandbox.txt");
  });

  it("keeps the repository's main checkout and the rest of its .git read-only", () => {
    for (const file of ["README.md", "new-file", ".git/HEAD", ".git/config", ".git/index", ".git/new-file"]) {
      const result = sandboxed(`echo changed > ${path.join(repo, file)}`);
      expect(result.code, file).not.toBe(0);
      expect(result.stderr, file).toMatch(/Read-only file system/);
    }
    expect(fs.readFileSync(path.join(repo, "README.md"), "utf8")).toBe("# test repository\n");
    expect(fs.existsSync(path.join(repo, "new-file"))).toBe(false);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  it("keeps what leads git from the worktree to the repository read-only", async () => {
    const { gitDir } = await gitDirsOf(worktree.path);
    for (const file of [
      path.join(worktree.path, ".git"),
      path.join(gitDir, "commondir"),
      path.join(gitDir, "gitdir"),
    ]) {
      const before = fs.readFileSync(file, "utf8");
      expect(sandboxed(`echo "gitdir: /tmp/elsewhere" > ${file}`).code, file).not.toBe(0);
      expect(sandboxed(`rm -f ${file}`).code, file).not.toBe(0);
      expect(fs.readFileSync(file, "utf8")).toBe(before);
    }
  });

  it("keeps HOME read-only except ~/.claude and ~/.claude.json", () => {
    expect(sandboxed('echo no > "$HOME/outside"').code).not.toBe(0);
    expect(fs.existsSync(path.join(home, "outside"))).toBe(false);
    expect(sandboxed('mkdir -p "$HOME/.claude/projects" && echo session > "$HOME/.claude/projects/s.jsonl"').code).toBe(
      0,
    );
    expect(fs.readFileSync(path.join(home, ".claude/projects/s.jsonl"), "utf8")).toBe("session\n");
    expect(sandboxed('echo \'{"a":1}\' > "$HOME/.claude.json"').code).toBe(0);
    expect(fs.readFileSync(path.join(home, ".claude.json"), "utf8")).toBe('{"a":1}\n');
  });

  it("keeps /etc read-only", () => {
    expect(sandboxed("echo no > /etc/makima-sandbox-test").code).not.toBe(0);
    expect(fs.existsSync("/etc/makima-sandbox-test")).toBe(false);
  });

  it("gives a fresh /tmp: the host's files are not there and nothing written there reaches the host", () => {
    const result = sandboxed(
      `test ! -e ${hostTmpFile} && echo inside > /tmp/makima-sandbox-only && cat /tmp/makima-sandbox-only`,
    );
    expect(result).toMatchObject({ code: 0, stdout: "inside" });
    expect(fs.existsSync("/tmp/makima-sandbox-only")).toBe(false);
  });

  it("orders mounts parents first, so an extra read-only bind inside the worktree stays read-only", () => {
    const args = bubblewrapArgs({
      worktreePath: worktree.path,
      ...{ gitDir: path.join(repo, ".git/worktrees/x"), gitCommonDir: path.join(repo, ".git") },
      home,
      readOnlyBinds: [path.join(worktree.path, "src")],
      readWriteBinds: [],
      hiddenPaths: [],
      programPaths: [],
    }).join(" ");
    expect(args.indexOf(`--bind ${worktree.path} `)).toBeLessThan(args.indexOf(`--ro-bind ${worktree.path}/src `));
    expect(args.indexOf(`--ro-bind ${home} `)).toBeLessThan(args.indexOf(`--bind ${home}/.claude `));
  });

  describe("ClaudeProcess in the sandbox", () => {
    function startFakeClaude(scenario: string, env: Record<string, string> = {}) {
      const lines: string[] = [];
      const claude = ClaudeProcess.start({
        command: FAKE_CLAUDE_COMMAND,
        args: buildClaudeArgs({ permissions: ASK_BEFORE_COMMANDS }),
        cwd: worktree.path,
        env: childEnvironment({ ...process.env, HOME: home }, { FAKE_CLAUDE_SCENARIO: scenario, ...env }),
        wrapper,
        onLine: (_stream, line) => {
          lines.push(line);
          if (line.includes('"type":"result"')) claude.closeStdin();
        },
      });
      claude.writeLine(userMessageLine("hello from the test"));
      return { claude, lines };
    }

    it("runs the fake claude's text scenario to the end", async () => {
      const { claude, lines } = startFakeClaude("text");
      expect(await claude.exited).toEqual({ exitCode: 0, signal: null });
      expect(lines[0]).toContain('"subtype":"init"');
      expect(lines.at(-1)).toContain('"type":"result"');
      // The Bash tool call's result is a real `ls` of the worktree.
      expect(lines.join("\n")).toContain("README.md");
    });

    it("stop() ends a hanging claude and leaves nothing of its sandbox running", async () => {
      const { claude } = startFakeClaude("hang");
      const pid = claude.pid!;
      // bwrap, bwrap's init in the new pid namespace, node.
      const members = await waitFor(() => {
        const found = processGroupMembers(pid);
        return found.length >= 3 && found;
      });
      const startedAt = Date.now();
      const exit = await claude.stop({ graceMs: 5000 });
      // SIGTERM reached claude inside (bwrap was spared, so its --die-with-parent did not SIGKILL it first),
      // and it ended well within the grace period.
      expect(Date.now() - startedAt).toBeLessThan(4000);
      // bwrap reports claude's death by SIGTERM as 128 + 15.
      expect(exit).toEqual({ exitCode: 143, signal: null });
      await waitFor(() => members.every((member) => !isAlive(member)));
      expect(processGroupMembers(pid)).toEqual([]);
    });

    it("stop() gives claude its grace period inside the sandbox", async () => {
      const lines: string[] = [];
      const claude = ClaudeProcess.start({
        command: "node",
        args: [
          "-e",
          `process.on("SIGTERM", () => { console.log("got SIGTERM"); setTimeout(() => { console.log("saved"); process.exit(0); }, 300); }); console.log("ready"); setInterval(() => {}, 1000);`,
        ],
        cwd: worktree.path,
        env: { ...process.env, HOME: home },
        wrapper,
        onLine: (_stream, line) => lines.push(line),
      });
      await waitFor(() => lines.includes("ready"));
      expect(await claude.stop({ graceMs: 5000 })).toEqual({ exitCode: 0, signal: null });
      expect(lines).toEqual(["ready", "got SIGTERM", "saved"]);
    });

    it("stop() also ends what claude started in a group of its own and that ignores SIGTERM", async () => {
      const marker = `makima-sandbox-stray-${process.pid}-${Date.now()}`;
      const claude = ClaudeProcess.start({
        command: "node",
        args: [
          "-e",
          // The marker is split so that only the stray's command line holds it whole.
          `const marker = "${marker.slice(0, 8)}" + "${marker.slice(8)}";
           require("node:child_process").spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)", marker], { detached: true, stdio: "ignore" });
           setInterval(() => {}, 1000);`,
        ],
        cwd: worktree.path,
        env: { ...process.env, HOME: home },
        wrapper,
        onLine: () => {},
      });
      const [stray] = await waitFor(() => {
        const found = pidsWithMarker(marker);
        return found.length > 0 && found;
      });
      expect(processGroupMembers(claude.pid!)).not.toContain(stray);
      await claude.stop({ graceMs: 3000 });
      // Its pid namespace ended with bwrap's init.
      await waitFor(() => !isAlive(stray!));
    });
  });

  describe("what claude runs, from under /tmp, where the sandbox's own /tmp would hide it", () => {
    // A claude installed the way npm does it (bin/claude, a symlink to a `#!/usr/bin/env node` script) and the node
    // it names, both in a fresh folder under /tmp, found on claude's PATH.
    let programs: string;
    let node: string;
    let script: string;
    let pathEnv: string;
    let programsWrapper: CommandWrapper;

    beforeAll(async () => {
      programs = fs.realpathSync(tempDir("makima-sandbox-programs-"));
      node = path.join(programs, "node/bin/node");
      script = path.join(programs, "claude/lib/cli.mjs");
      for (const dir of ["node/bin", "claude/lib", "claude/bin"])
        fs.mkdirSync(path.join(programs, dir), { recursive: true });
      try {
        fs.linkSync(process.execPath, node);
      } catch {
        fs.copyFileSync(process.execPath, node);
        fs.chmodSync(node, 0o755);
      }
      const printsItsNode = "console.log(process.execPath, process.argv.slice(2).join(' '));";
      fs.writeFileSync(script, `#!/usr/bin/env node\n${printsItsNode}\n`, { mode: 0o755 });
      fs.symlinkSync("../lib/cli.mjs", path.join(programs, "claude/bin/claude"));
      fs.writeFileSync(path.join(programs, "not-for-claude"), "host\n");
      pathEnv = [path.join(programs, "claude/bin"), path.dirname(node), "/usr/bin", "/bin"].join(path.delimiter);
      programsWrapper = await sandboxWrapper(
        worktree.path,
        { enabled: true, readOnlyBinds: [], readWriteBinds: [], hiddenPaths: [], bwrapPath: BWRAP },
        { command: "claude", pathEnv },
        { home },
      );
    });
    afterAll(() => fs.rmSync(programs, { recursive: true, force: true }));

    /** Runs `claude -p hello` in the sandbox bwrap's `args` make, with the PATH above. */
    function runClaude(args: string[]) {
      const result = spawnSync(BWRAP, [...args, "claude", "-p", "hello"], {
        cwd: worktree.path,
        env: { ...process.env, HOME: home, PATH: pathEnv },
        encoding: "utf8",
      });
      return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
    }

    it("binds the command, its script and its node read-only after the tmpfs on /tmp, and they run", () => {
      expect(runClaude(programsWrapper.args)).toEqual({ code: 0, stdout: `${node} -p hello`, stderr: "" });
      const args = programsWrapper.args.join(" ");
      for (const target of [path.join(programs, "claude/bin/claude"), script, node]) {
        expect(args.indexOf(`--ro-bind ${target} ${target} `)).toBeGreaterThan(args.indexOf("--tmpfs /tmp "));
      }
    });

    it("binds only those, read-only: the rest of their folder stays out of sight", () => {
      const inside = { wrapper: programsWrapper, cwd: worktree.path };
      expect(sandboxed(`ls -A ${programs} ${programs}/claude/bin`, inside).stdout).toBe(
        `${programs}:\nclaude\nnode\n\n${programs}/claude/bin:\nclaude`,
      );
      expect(sandboxed(`echo changed > ${script}`, inside).stderr).toMatch(/Read-only file system/);
      expect(fs.readFileSync(script, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    });

    it("is needed: without those binds the command is not found in the sandbox", async () => {
      const args = bubblewrapArgs({
        worktreePath: worktree.path,
        ...(await gitDirsOf(worktree.path)),
        home,
        readOnlyBinds: [],
        readWriteBinds: [],
        hiddenPaths: [],
        programPaths: [],
      });
      expect(runClaude(args)).toMatchObject({ code: 1, stderr: "bwrap: execvp claude: No such file or directory" });
    });
  });

  describe("hiding the server's data folder, as makima start's local daemon does", () => {
    // makima start's layout: the database in the data folder, the local daemon's folder (a repository in repos/, its
    // worktrees, the makima shim) inside it. Not under /tmp, which the sandbox empties anyway.
    const outsideTmp = fs.mkdtempSync("/var/tmp/makima-sandbox-");
    let data: string;
    let clone: string;
    let localWorktree: TaskWorktree;
    let hiding: CommandWrapper;
    const hidingWarnings: string[] = [];

    beforeAll(async () => {
      data = path.join(outsideTmp, "data");
      clone = path.join(data, "daemon/repos/clone");
      fs.mkdirSync(clone, { recursive: true });
      fs.mkdirSync(path.join(data, "daemon/bin"));
      fs.writeFileSync(path.join(data, "makima.db"), "the server's database\n");
      fs.writeFileSync(path.join(data, "daemon/bin/makima"), "#!/bin/sh\necho shim\n", { mode: 0o755 });
      createGitRepo(clone);
      localWorktree = await createTaskWorktree({
        repository: { path: clone, cloned: false },
        worktreesDir: path.join(data, "daemon/worktrees"),
        taskId: "41de0c1a-0000-4000-8000-000000000000",
        taskName: "Hidden data",
        baseBranch: "main",
      });
      hiding = await sandboxWrapper(
        localWorktree.path,
        {
          enabled: true,
          readOnlyBinds: [],
          readWriteBinds: [],
          hiddenPaths: [data, path.join(outsideTmp, "no-such-folder"), path.join(data, "makima.db")],
          bwrapPath: BWRAP,
        },
        { command: "claude", pathEnv: process.env.PATH, makimaBin: path.join(data, "daemon/bin") },
        { home, warn: (message) => hidingWarnings.push(message) },
      );
    });
    afterAll(() => fs.rmSync(outsideTmp, { recursive: true, force: true }));

    const inLocalWorktree = (script: string) => sandboxed(script, { wrapper: hiding, cwd: localWorktree.path });

    it("leaves the database out: the data folder holds only the mount points of what is bound back", () => {
      expect(inLocalWorktree(`cat ${data}/makima.db`)).toMatchObject({ code: 1, stdout: "" });
      expect(inLocalWorktree(`ls -A ${data}`).stdout).toBe("daemon");
      expect(inLocalWorktree(`ls -A ${data}/daemon`).stdout).toBe("bin\nrepos\nworktrees");
      expect(fs.readFileSync(path.join(data, "makima.db"), "utf8")).toBe("the server's database\n");
    });

    it("still lets claude work and commit in the worktree inside it, and run the shim", () => {
      const commit =
        "echo inside > hidden-test.txt && git add hidden-test.txt && git commit -q -m 'from under the hidden folder'";
      const result = inLocalWorktree(`${commit} && ${data}/daemon/bin/makima`);
      expect(result).toMatchObject({ code: 0, stdout: "shim", stderr: "" });
      expect(git(clone, "log", "-1", "--format=%s", localWorktree.branch)).toBe("from under the hidden folder");
    });

    it("skips a hidden path that does not exist, and tells about one that is not a folder", () => {
      expect(hiding.args.join(" ")).toContain(`--tmpfs ${data} `);
      expect(hiding.args.join(" ")).not.toMatch(/no-such-folder|--tmpfs \S+makima\.db/);
      expect(hidingWarnings).toEqual([`hidden path ${data}/makima.db is not a folder: not hidden`]);
    });
  });
});
