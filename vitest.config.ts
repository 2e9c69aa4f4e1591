import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run the server's modules in plain Node, where they are all server code (see bin/server-only.mjs).
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", "lib/generated/**"],
    // Integration tests start a server per file; a file's tests share it and run in order.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" },
  },
});
