// Every table of the app: a caption for screen readers, column headers with
// scope, one row per item, and a box that scrolls sideways on a phone instead of
// the page. Callers say what each column shows; the markup and its classes live here.
import type { Key, ReactNode } from "react";

export type Column<Row> = {
  header: string;
  /** The header stays for screen readers but is not shown (e.g. a column of buttons). */
  hideHeader?: boolean;
  cell: (row: Row) => ReactNode;
  cellClassName?: string;
};

type Props<Row> = {
  /** Names the scrolling box for screen readers ("Table of …"). */
  label: string;
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => Key;
};

export function DataTable<Row>({ label, caption, columns, rows, rowKey }: Props<Row>) {
  return (
    <TableScroll label={label}>
      <table className="w-full text-left">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-stone-200 bg-stone-50">
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className="p-3 font-semibold">
                {column.hideHeader ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column) => (
                <td key={column.header} className={column.cellClassName ? `p-3 ${column.cellClassName}` : "p-3"}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * A table that may be wider than a phone scrolls inside this box, never the page.
 * Keyboard users can focus the box to scroll it (role and label name it for screen
 * readers); `relative` keeps visually hidden text in the table (positioned
 * absolutely) inside the box rather than widening the page.
 */
function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto rounded-md border border-stone-200 bg-white">
      {children}
    </div>
  );
}
