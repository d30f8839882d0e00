// The list of unsealed signatories (dashboard, final review, press preview).
type Signatory = { name: string; title: string | null; publicLine: string | null };

export function SignatoryTable({ signatories, caption }: { signatories: Signatory[]; caption: string }) {
  return (
    <table className="w-full text-left">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-stone-200 bg-stone-50">
        <tr>
          <th scope="col" className="p-3 font-semibold">
            Name
          </th>
          <th scope="col" className="p-3 font-semibold">
            Title
          </th>
          <th scope="col" className="p-3 font-semibold">
            Public line
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-stone-200">
        {signatories.map((s, index) => (
          <tr key={index}>
            <td className="p-3">{s.name}</td>
            <td className="p-3">{s.title ?? "—"}</td>
            <td className="p-3">{s.publicLine ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
