import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildInputsFingerprint, ensureBuilt } from "./build-dashboard.mjs";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A small project: sources, a lockfile, and the folders that are not build inputs. */
function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "makima-build-"));
  roots.push(root);
  const files: Record<string, string> = {
    "package.json": "{}",
    "package-lock.json": '{"lockfileVersion":3}',
    "app/page.tsx": "export default function Page() {}",
    "lib/shared/rule.ts": "export const rule = 1;",
    "lib/shared/rule.test.ts": "test",
    "node_modules/dep/index.js": "1",
    "data/makima.db": "rows",
    "e2e/a.spec.ts": "spec",
    "docs/DEPLOY.md": "doc",
    "next-env.d.ts": "/// <reference />",
  };
  for (const [file, text] of Object.entries(files)) write(root, file, text);
  return root;
}

function write(root: string, file: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/** A stand-in for `next build`: a new BUILD_ID each time, and a count of the builds. */
function fakeBuild(root: string, fail = false) {
  let builds = 0;
  return {
    build: () => {
      if (fail) throw new Error("next build failed (exit code 1)");
      builds++;
      write(root, ".next/BUILD_ID", `build-${builds}-${Math.random()}`);
    },
    count: () => builds,
  };
}

describe("buildInputsFingerprint", () => {
  it("changes with a source file, a new file, the lockfile or a NEXT_PUBLIC_ variable", () => {
    const root = project();
    const first = buildInputsFingerprint(root, {});
    expect(buildInputsFingerprint(root, {})).toBe(first);
    write(root, "lib/shared/rule.ts", "export const rule = 2;");
    const edited = buildInputsFingerprint(root, {});
    expect(edited).not.toBe(first);
    write(root, "components/new.tsx", "x");
    const added = buildInputsFingerprint(root, {});
    expect(added).not.toBe(edited);
    write(root, "package-lock.json", '{"lockfileVersion":3,"packages":{}}');
    const locked = buildInputsFingerprint(root, {});
    expect(locked).not.toBe(added);
    expect(buildInputsFingerprint(root, { NEXT_PUBLIC_BRAND: "x" })).not.toBe(locked);
    expect(buildInputsFingerprint(root, { MAKIMA_PORT: "1" })).toBe(locked);
  });

  it("ignores dependencies, the database, tests, docs, the build's own output and a data folder elsewhere", () => {
    const root = project();
    const dataDir = path.join(root, "var/makima");
    write(root, "var/makima/makima.db", "rows");
    const first = buildInputsFingerprint(root, {}, dataDir);
    for (const file of [
      "node_modules/dep/index.js",
      "data/makima.db",
      "var/makima/makima.db",
      "e2e/a.spec.ts",
      "docs/DEPLOY.md",
      "lib/shared/rule.test.ts",
      "next-env.d.ts",
      ".next/BUILD_ID",
      ".git/HEAD",
    ])
      write(root, file, `changed ${file}`);
    expect(buildInputsFingerprint(root, {}, dataDir)).toBe(first);
  });
});

describe("ensureBuilt", () => {
  it("builds the first time, not again while nothing changed, and again after a change", () => {
    const root = project();
    const next = fakeBuild(root);
    expect(ensureBuilt({ root, build: next.build, env: {} })).toBe("built");
    expect(ensureBuilt({ root, build: next.build, env: {} })).toBe("up to date");
    expect(next.count()).toBe(1);
    write(root, "app/page.tsx", "export default function Page() { return 1; }");
    expect(ensureBuilt({ root, build: next.build, env: {} })).toBe("built");
    expect(ensureBuilt({ root, build: next.build, env: {} })).toBe("up to date");
    expect(next.count()).toBe(2);
  });

  it("builds again when another build replaced its own (next build by hand, npm test) or the build is gone", () => {
    const root = project();
    const next = fakeBuild(root);
    ensureBuilt({ root, build: next.build, env: {} });
    write(root, ".next/BUILD_ID", "made by hand");
    expect(ensureBuilt({ root, build: next.build, env: {} })).toBe("built");
    fs.rmSync(path.join(root, ".next"), { recursive: true });
    expect(ensureBuilt({ root, build: next.build, env: {} })).toBe("built");
    expect(next.count()).toBe(3);
  });

  it("after a failed build, tries again on the next start", () => {
    const root = project();
    ensureBuilt({ root, build: fakeBuild(root).build, env: {} });
    write(root, "app/page.tsx", "broken");
    expect(() => ensureBuilt({ root, build: fakeBuild(root, true).build, env: {} })).toThrow("next build failed");
    const next = fakeBuild(root);
    expect(ensureBuilt({ root, build: next.build, env: {} })).toBe("built");
    expect(next.count()).toBe(1);
  });

  it("does not record a build whose inputs changed while it ran", () => {
    const root = project();
    let builds = 0;
    const build = () => {
      builds++;
      write(root, ".next/BUILD_ID", `build-${builds}`);
      // Saved in the middle of the build, which may have read the file before.
      if (builds === 1) write(root, "lib/shared/rule.ts", "export const rule = 3;");
    };
    ensureBuilt({ root, build, env: {} });
    expect(ensureBuilt({ root, build, env: {} })).toBe("built");
    expect(ensureBuilt({ root, build, env: {} })).toBe("up to date");
    expect(builds).toBe(2);
  });
});
