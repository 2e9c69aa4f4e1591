#!/usr/bin/env node
// The `makima` command. Makima is written in TypeScript and runs through tsx, without a compile step.
import { register } from "tsx/esm/api";
import "./server-only.mjs";

register();
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
