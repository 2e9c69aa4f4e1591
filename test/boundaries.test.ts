import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The tree's boundaries (docs/ARCHITECTURE.md): lib/server/ runs only on the server, lib/shared/ on every side, the
 * daemon is a process of its own. The build enforces "server-only" for the browser; these checks keep the folders
 * honest for the sides Next.js does not build (the daemon, the CLI) and for a module added without the marker.
 */
const ROOT = path.resolve(import.meta.dirname, "..");

function modulesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => path.join(dir, file))
    .sort();
}

/** Every module a file imports, as a path from the project root ("lib/server/gate"), relative or "@/" alike. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1]);
  return specifiers
    .filter((spec) => spec.startsWith(".") || spec.startsWith("@/"))
    .map((spec) => (spec.startsWith("@/") ? spec.slice(2) : path.join(path.dirname(file), spec)));
}

describe("lib/server", () => {
  const modules = modulesUnder("lib/server");

  it("finds the server's modules", () => expect(modules.length).toBeGreaterThan(60));

  it.each(modules)("%s is marked server-only", (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const body = text.replace(/^"use server";\s*/, "");
    expect(body.startsWith('import "server-only";\n')).toBe(true);
  });
});

describe.each([
  ["lib/shared", ["lib/server", "lib/cli", "daemon", "components", "app"]],
  ["daemon", ["lib/server", "lib/cli", "components", "app"]],
  ["components", ["lib/cli", "daemon"]],
])("%s", (dir, forbidden) => {
  it.each(modulesUnder(dir))(`%s imports nothing from ${forbidden.join(", ")}`, (file) => {
    const crossing = importsOf(file).filter((target) => forbidden.some((folder) => target.startsWith(`${folder}/`)));
    expect(crossing).toEqual([]);
  });
});
