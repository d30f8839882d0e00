// The letter as a document: addressee on top, serif body at a reading measure.
// `bodyHtml` comes from renderLetterMarkdown (no raw HTML, no images, safe links).
type Props = {
  title: string;
  addressee: string;
  bodyHtml: string;
  organizationName: string;
  textHash?: string | null;
  /** 1 where the letter is the page; lower inside a page that has its own <h1> (dashboard, review, preview). */
  headingLevel?: 1 | 2 | 3;
};

export function LetterText({ title, addressee, bodyHtml, organizationName, textHash, headingLevel = 1 }: Props) {
  const Heading = `h${headingLevel}` as const;
  return (
    <article aria-labelledby="letter-title" className="letter">
      <p className="text-stone-700">To: {addressee}</p>
      <Heading id="letter-title" className="mt-2 font-sans text-3xl font-bold leading-tight">
        {title}
      </Heading>
      <p className="mt-1 font-sans text-sm text-stone-700">A letter from employees of {organizationName}</p>
      <div className="mt-6" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      {textHash ? (
        <p className="mt-6 break-all font-mono text-xs text-stone-700">
          Text fingerprint (SHA-256): <span>{textHash}</span>
        </p>
      ) : null}
    </article>
  );
}
