import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Next.js' own rules (core web vitals, React hooks, accessibility, TypeScript), as `create-next-app` sets them up.
export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // A leading underscore says "deliberately unused" (a rest sibling dropped, an argument a signature needs).
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // React's hook rules are for React code: outside the dashboard, `useTestDatabase` or a parameter named `use` is
    // no hook.
    files: ["daemon/**", "lib/**", "test/**", "e2e/**", "scripts/**", "bench/**", "bin/**"],
    ignores: ["lib/**/*.tsx"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([".next/**", "lib/generated/**", "node_modules/**", ".tmp/**", "test-results/**", "next-env.d.ts"]),
]);
