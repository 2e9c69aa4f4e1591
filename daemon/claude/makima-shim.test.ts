import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/git";
import { installMakimaShim, makimaShimScript } from "./makima-shim";

const scratch = tempDir("makima-shim-test-");
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("installMakimaShim", () => {
  it("puts an executable makima in <dataDir>/bin that runs this project's CLI, found through PATH", async () => {
    const binDir = await installMakimaShim(scratch);
    expect(binDir).toBe(path.join(scratch, "bin"));
    expect(fs.statSync(path.join(binDir, "makima")).mode & 0o111).toBeTruthy();

    // A PATH with no node on it: the shim brings the daemon's own.
    const result = await execa("sh", ["-c", "makima --help"], {
      env: { PATH: `${binDir}:/usr/bin:/bin` },
      extendEnv: false,
      reject: false,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Usage:");
    expect(result.stdout).toContain("makima daemon");
  });

  it("installs again over an existing shim, leaving no drafts behind", async () => {
    await installMakimaShim(scratch);
    await installMakimaShim(scratch);
    expect(fs.readdirSync(path.join(scratch, "bin"))).toEqual(["makima"]);
  });
});

describe("makimaShimScript", () => {
  it("quotes paths for sh and passes every argument on unchanged", async () => {
    const folder = path.join(scratch, "it's $HOME");
    fs.mkdirSync(folder);
    const script = path.join(folder, "args.mjs");
    fs.writeFileSync(script, "console.log(JSON.stringify(process.argv.slice(2)));\n");
    const shim = path.join(scratch, "shim");
    fs.writeFileSync(shim, makimaShimScript(process.execPath, script), { mode: 0o755 });
    const { stdout } = await execa(shim, ["a b", "it's", "$x"]);
    expect(JSON.parse(stdout)).toEqual(["a b", "it's", "$x"]);
  });
});
