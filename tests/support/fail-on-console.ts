import { afterEach, vi } from "vitest";

// As in the Epic Stack: an unexpected console.error or console.warn fails the test,
// so warnings (React, Prisma) are not left to scroll by. A test that expects one
// mocks console itself.
let unexpected: string[] = [];
for (const method of ["error", "warn"] as const) {
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    unexpected.push(`console.${method}: ${args.map(String).join(" ")}`);
  });
}
afterEach(() => {
  const found = unexpected;
  unexpected = [];
  if (found.length > 0) throw new Error(`Unexpected console output:\n${found.join("\n")}`);
});
