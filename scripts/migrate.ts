// npm run db:migrate — applies pending migrations to DATABASE_URL (the server also does this at start-up).
import { config } from "~/config/env.server";
import { migrate } from "~/db/migrate.server";

const applied = await migrate(config().DATABASE_URL);
console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
