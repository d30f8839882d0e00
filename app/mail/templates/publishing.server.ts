// Mail about publication. It goes to signers' personal contact addresses and to
// organizers' login addresses, never to work addresses, so it may name the letter.

export function publishedMail(letterTitle: string, publicUrl: string, audience: "signer" | "organizer") {
  return {
    kind: "letter-published",
    subject: `“${letterTitle}” is published`,
    text: [
      `“${letterTitle}” is now public, with its signatories:`,
      "",
      publicUrl,
      "",
      audience === "signer"
        ? "Your name is on it as you gave it when you signed. The list is final: signatures can no longer be added or withdrawn. This is the last email you will get about it."
        : "The page, its PDF and the signatory lists (CSV, JSON) are public from now on. The list is final: signatures can no longer be added or withdrawn.",
    ].join("\n"),
  };
}
