import { defineConfig } from "prisma/config";
import { databaseUrl } from "./lib/db/location";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: databaseUrl() },
});
