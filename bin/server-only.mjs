// Outside Next.js, the server's modules run in plain Node (the custom server, `makima user`, benchmarks). There every
// module is server code, so "server-only" resolves to the package's empty module, as Next.js resolves it for server
// code (the "react-server" condition); in Next's client bundles it still fails the build. Import this before the
// server's modules: `node --import ./bin/server-only.mjs`, or first thing in a script.
import { register } from "node:module";

register("./server-only-hooks.mjs", import.meta.url);
