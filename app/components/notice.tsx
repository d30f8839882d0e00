import type { ReactNode } from "react";

/** A short confirmation of what just happened ("Password changed…"), announced to screen readers. */
export function Notice({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <p role="status" className={`${className ? `${className} ` : ""}rounded-md border border-accent-300 bg-accent-50 p-4`}>
      {children}
    </p>
  );
}
