import { useRef, type ReactNode } from "react";
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type RowSelectionState,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";

export interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, any>[];
  /** A stable id per row (a process's unique id, an alert's id): selection and focus survive refetches. */
  rowId: (row: T) => string;
  /** Server-side sorting when given (the table then does not sort itself). */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  selection?: RowSelectionState;
  onSelectionChange?: OnChangeFn<RowSelectionState>;
  /** Height of the scrolling area; the rows are virtualised inside it, so thousands stay fast. */
  height?: number | string;
  rowHeight?: number;
  caption: string;
  empty?: ReactNode;
  onRowOpen?: (row: T) => void;
}

/**
 * A virtualised table (TanStack Table for columns and sorting, TanStack Virtual for rows): only the visible rows are
 * in the DOM, so a page of 1,000 results renders as fast as one of 30. Sort headers are buttons; rows open with Enter.
 */
export function DataTable<T>({
  data,
  columns,
  rowId,
  sorting,
  onSortingChange,
  selection,
  onSelectionChange,
  height = "calc(100vh - 260px)",
  rowHeight = 34,
  caption,
  empty,
  onRowOpen,
}: DataTableProps<T>) {
  const serverSorted = sorting !== undefined;
  const table = useReactTable({
    data,
    columns,
    getRowId: (row) => rowId(row),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: serverSorted ? undefined : getSortedRowModel(),
    manualSorting: serverSorted,
    state: { ...(serverSorted ? { sorting } : {}), ...(selection ? { rowSelection: selection } : {}) },
    onSortingChange,
    onRowSelectionChange: onSelectionChange,
    enableRowSelection: selection !== undefined,
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const padTop = items.length ? items[0].start : 0;
  const padBottom = items.length ? virtual.getTotalSize() - items[items.length - 1].end : 0;
  const colCount = table.getVisibleLeafColumns().length;

  return (
    <div className="table-scroll" ref={scroller} style={{ maxHeight: height }}>
      <table className="data-table" aria-rowcount={rows.length}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort() && (!serverSorted || onSortingChange);
                return (
                  <th
                    key={header.id}
                    scope="col"
                    style={{ width: header.getSize() !== 150 ? header.getSize() : undefined }}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {header.isPlaceholder ? null : canSort ? (
                      <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}</span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={colCount} className="empty">
                {empty ?? "Nothing to show."}
              </td>
            </tr>
          )}
          {padTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={colCount} style={{ height: padTop, padding: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <tr
                key={row.id}
                data-index={item.index}
                aria-rowindex={item.index + 1}
                className={row.getIsSelected() ? "selected" : undefined}
                style={{ height: rowHeight }}
                tabIndex={onRowOpen ? 0 : undefined}
                onDoubleClick={onRowOpen ? () => onRowOpen(row.original) : undefined}
                onKeyDown={
                  onRowOpen
                    ? (e) => {
                        if (e.key === "Enter" && e.target === e.currentTarget) onRowOpen(row.original);
                      }
                    : undefined
                }
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={colCount} style={{ height: padBottom, padding: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
