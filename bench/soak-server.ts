/**
 * The server of `bench/soak.ts`: `makima server` without Next.js (the sockets only, as `startServer(config, false)`
 * serves them), in a process of its own so that the soak can kill it with SIGKILL and start it again on the same data
 * folder (MAKIMA_DATA_DIR) and port (argv[2]; 0 for any). Tells its parent the port over IPC once it listens; ends on
 * SIGINT/SIGTERM, or when its parent is gone (the IPC channel closes).
 *
 *   node --import tsx --import ./bin/server-only.mjs bench/soak-server.ts <port>
 */
import { untilShutdownSignal } from "../lib/cli/signals";
import { resolveServerConfig } from "../lib/server/config";
import { startServer } from "../lib/server/start-server";

const server = await startServer(resolveServerConfig({ host: "127.0.0.1", port: process.argv[2] ?? "0" }), false);
process.send?.({ port: server.port });
await Promise.race([untilShutdownSignal(), new Promise((resolve) => process.once("disconnect", resolve))]);
await server.close();
process.exit(0);
