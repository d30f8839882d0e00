// Global setup of the browser suite: the screenshots folder holds this run's
// pages only, so a reviewer never looks at a page a renamed or removed check left.
import fs from "node:fs";
import path from "node:path";

export default function freshScreenshots() {
  fs.rmSync(path.resolve("test-results/screenshots"), { recursive: true, force: true });
}
