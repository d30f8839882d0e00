// What a failed query means, where a caller acts on it. Prisma reports its
// errors by code; plain SQL on SQLite (decision 008) by better-sqlite3's codes.
const codeOf = (error: unknown) => (typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined);

/** A unique index refused the row: someone stored the same thing first. */
export function isUniqueViolation(error: unknown) {
  const code = codeOf(error);
  return code === "P2002" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** Prisma's update() found no row matching its `where` (a guarded update that lost). */
export function isNoRowMatched(error: unknown) {
  return codeOf(error) === "P2025";
}
