// Small pieces the threat-intel, administration and account pages share: a modal form, one confirmation dialog per
// page, a polite status line for what an action did, and a selection column for tables.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { ApiError } from "../api/client";
import { ConfirmDialog, ErrorBox } from "./common";
import "./forms.css";

/**
 * A modal form on the native dialog element (focus stays inside, Escape cancels). The form submits with Enter or
 * the submit button; what the server refused is shown inside, next to what the user typed.
 */
export function FormDialog({
  open,
  title,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
  children,
  wide,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  busy?: boolean;
  error?: unknown;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal?.();
    if (!open && d.open) d.close?.();
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy) onSubmit();
  };
  return (
    <dialog
      ref={ref}
      className={wide ? "dialog ui-form-dialog ui-dialog-wide" : "dialog ui-form-dialog"}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      {open && (
        <form onSubmit={submit} className="stack">
          <h2 id={titleId}>{title}</h2>
          {children}
          <ErrorBox error={error} />
          <div className="dialog-actions">
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? "Working…" : submitLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

export interface ConfirmRequest {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  run: () => void;
}

/** One confirmation dialog for the page (one, so that its title's id is unique); ask() opens it. */
export function useConfirm(): [ReactNode, (r: ConfirmRequest) => void] {
  const [req, setReq] = useState<ConfirmRequest | null>(null);
  const node = (
    <ConfirmDialog
      open={req !== null}
      title={req?.title ?? ""}
      confirmLabel={req?.confirmLabel ?? "OK"}
      danger={req?.danger}
      onCancel={() => setReq(null)}
      onConfirm={() => {
        const r = req;
        setReq(null);
        r?.run();
      }}
    >
      {req?.body}
    </ConfirmDialog>
  );
  return [node, setReq];
}

/** A status line read out politely by screen readers: what the last action did, or why it failed. */
export function useStatus(): [ReactNode, (message: string, isError?: boolean) => void] {
  const [status, setStatus] = useState<{ message: string; error: boolean }>({ message: "", error: false });
  const say = useCallback((message: string, isError = false) => setStatus({ message, error: isError }), []);
  const node = (
    <p role="status" aria-live="polite" className={status.error ? "error ui-status" : "muted ui-status"}>
      {status.message}
    </p>
  );
  return [node, say];
}

/** A message for a failed call: the server's message and reason. */
export function failure(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (${e.reason})`;
  return e instanceof Error ? e.message : String(e);
}

/** A first column of checkboxes for tables whose rows can be acted on together. */
export function selectColumn<T>(label: (row: T) => string): ColumnDef<T, unknown> {
  return {
    id: "select",
    size: 36,
    enableSorting: false,
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select all rows"
        checked={table.getIsAllRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = table.getIsSomeRowsSelected();
        }}
        onChange={table.getToggleAllRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select ${label(row.original)}`}
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  };
}

/** An on/off badge. */
export function EnabledBadge({ enabled, on = "Enabled", off = "Disabled" }: { enabled: boolean; on?: string; off?: string }) {
  return <span className={enabled ? "badge ok" : "badge"}>{enabled ? on : off}</span>;
}
