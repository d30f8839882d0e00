// Opens a SQLite file as an operator's `sqlite3` would, from a process of its own (so
// that it can run inside the mount namespace of tests/cluster/support/small-disk.ts),
// runs the statements given as JSON and prints the rows of each as JSON. Opened for
// writing unless "readonly": then opening replays a WAL a crash left, and closing
// checkpoints it. Usage: node sqlite-read-process.mjs <file> '[{"sql":"…","params":[…]}]' [readonly]
import Database from "better-sqlite3";

const [file, statements, mode] = process.argv.slice(2);
const db = new Database(file, { fileMustExist: true, readonly: mode === "readonly" });
try {
  const rows = JSON.parse(statements).map(({ sql, params = [] }) => db.prepare(sql).all(...params));
  process.stdout.write(JSON.stringify(rows));
} finally {
  db.close();
}
