import { defineConfig } from "prisma/config";

// `env()` would make `prisma generate` fail when DATABASE_URL is unset; generate never
// needs a database, and `migrate deploy` users set the variable.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
