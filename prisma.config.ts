import { defineConfig } from 'prisma/config';

// For the Prisma CLI only; the gateway reads DATABASE_URL through src/config.ts. Prisma 7 no longer
// loads .env files by itself, and `env()` would throw when DATABASE_URL is unset, which would break
// `prisma generate` on install, so the variable is read leniently here.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
});
