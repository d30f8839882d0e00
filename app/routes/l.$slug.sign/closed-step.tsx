// No step: the letter takes no signatures (revealed and published, or closed).
import { Link } from "@remix-run/react";
import { StatusPanel } from "~/components/status-panel";
import { isClosed } from "~/domain/letters/lifecycle";
import type { SigningPageData } from "./step-props";

export function ClosedStep({ data }: { data: SigningPageData }) {
  return (
    <div className="form-card">
      <h1 className="text-3xl font-bold">This letter is not collecting signatures</h1>
      <p>
        {isClosed(data.letter.status)
          ? "It is closed, and nothing is kept: every sealed name was destroyed, and nobody ever saw them."
          : "Signing is closed: enough people signed, and the names were unsealed together."}
      </p>
      <p>
        <Link to={data.letterPath}>Back to the letter</Link>
      </p>
      <StatusPanel letter={data.letter} />
    </div>
  );
}
