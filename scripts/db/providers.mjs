// Where each provider's schema, migrations and generated client live.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const providers = {
  sqlite: {
    prismaProvider: "sqlite",
    schemaPath: path.join(root, "prisma/sqlite/schema.prisma"),
    migrationsDir: path.join(root, "prisma/sqlite/migrations"),
  },
  postgres: {
    prismaProvider: "postgresql",
    schemaPath: path.join(root, "prisma/postgres/schema.prisma"),
    migrationsDir: path.join(root, "prisma/postgres/migrations"),
  },
};
