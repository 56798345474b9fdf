import type { ReactNode } from 'react';

/** A column of a {@link DataTable}: its header and how a row shows in it. */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
}

/**
 * A plain, accessible table: a caption, column headers in `<th scope="col">`, one row per item.
 * Its wrapper scrolls sideways when the table is wider than the page, so it is a named region
 * in the tab order: keyboard users can focus it and scroll it with the arrow keys.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, empty }: { caption: string; columns: readonly Column<Row>[]; rows: readonly Row[]; rowKey: (row: Row, index: number) => string; empty: string }) {
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column) => (
                <td key={column.header}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An error of the hub, announced to screen readers. */
export function ErrorNotice({ error }: { error: Error | null }) {
  return error ? <p role="alert" className="error">{error.message}</p> : null;
}
