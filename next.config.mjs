/** @type {import('next').NextConfig} */
const nextConfig = {
  // The custom server (lib/server) owns the HTTP port; Next.js renders pages and runs server actions.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "socket.io"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
