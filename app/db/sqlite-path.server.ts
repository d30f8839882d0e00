import path from "node:path";

/** The file behind a `file:` URL; relative paths are from the working directory. */
export function sqliteFilePath(databaseUrl: string) {
  return path.resolve(databaseUrl.replace(/^file:/, "").replace(/\?.*$/, ""));
}
