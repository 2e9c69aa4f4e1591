import { SERVER_ACTION_BODY_LIMIT } from "./lib/shared/schemas/body-limit.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The custom server (lib/server) owns the HTTP port; Next.js renders pages and runs server actions.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "socket.io"],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // Next.js 16 still reads it here. Its default of 1 MB cannot carry a long plan (see body-limit.mjs).
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT },
  },
};

export default nextConfig;
