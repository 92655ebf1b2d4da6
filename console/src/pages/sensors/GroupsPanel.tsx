import { useMemo, useState, type MouseEvent } from "react";
import { Link } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "../../components/DataTable";
import { ConfirmDialog, ErrorBox, Loading } from "../../components/common";
import { requestBlob } from "../../api/client";
import { usePermissions } from "../../api/session";
import { saveFile } from "../../components/download";
import { INSTALLER_KINDS, installerUrl, sensorsApi, type SensorGroup } from "../../api/sensors";
import { sensorKeys, useSensorGroups } from "./queries";

/** What became of the last installer download (the server says why one is not available). */
interface DownloadOutcome {
  ok: boolean;
  text: string;
}

/**
 * The sensor groups with how many sensors each has, and their installers. An installer carries the group's enrolment
 * token, so only who administers the group sees the links; the server builds the Linux one and says, for the others,
 * that none exists. Downloads go through fetch so that such an answer shows here instead of replacing the page.
 */
export function GroupsPanel() {
  const groups = useSensorGroups();
  const perms = usePermissions();
  const [outcome, setOutcome] = useState<DownloadOutcome | null>(null);
  const [tokenFor, setTokenFor] = useState<SensorGroup | null>(null);
  const [newToken, setNewToken] = useState<{ group: SensorGroup; token: string } | null>(null);
  const client = useQueryClient();
  const makeToken = useMutation({
    mutationFn: (g: SensorGroup) => sensorsApi.newEnrolmentToken(g.id),
    onSuccess: (r, g) => {
      setNewToken({ group: g, token: r.registration_token });
      void client.invalidateQueries({ queryKey: sensorKeys.groups });
    },
  });

  const download = async (e: MouseEvent<HTMLAnchorElement>, g: SensorGroup, kind: string, label: string) => {
    e.preventDefault();
    setOutcome({ ok: true, text: `Preparing the ${label} installer of ${g.name}…` });
    try {
      const { blob, filename } = await requestBlob(installerUrl(g.id, kind));
      const name = filename ?? `sensor-${g.id}-${kind.replace("/", "-")}`;
      saveFile(blob, name);
      setOutcome({ ok: true, text: `Downloaded ${name}.` });
    } catch (err) {
      setOutcome({ ok: false, text: `${label} installer of ${g.name}: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  const columns = useMemo<ColumnDef<SensorGroup, unknown>[]>(
    () => [
      {
        id: "name",
        header: "Group",
        accessorFn: (g) => g.name,
        cell: ({ row }) => <Link to={`/sensors?group=${row.original.id}`}>{row.original.name}</Link>,
      },
      {
        id: "number_of_hosts",
        header: "Sensors",
        accessorFn: (g) => g.number_of_hosts,
        cell: ({ row }) => <span data-testid={`group-hosts-${row.original.id}`}>{row.original.number_of_hosts}</span>,
      },
      {
        id: "group-installers",
        header: "Installers",
        enableSorting: false,
        cell: ({ row }) => {
          const g = row.original;
          if (!perms.administers(g.id)) return <span className="muted">Needs the group's Administrator role</span>;
          return (
            <span className="group-installers">
              {INSTALLER_KINDS.map((k) => (
                <a
                  key={k.kind}
                  href={installerUrl(g.id, k.kind)}
                  download
                  onClick={(e) => void download(e, g, k.kind, k.label)}
                  aria-label={`Download the ${k.label} installer of ${g.name}`}
                >
                  {k.label}
                </a>
              ))}
            </span>
          );
        },
      },
      {
        id: "group-token-value",
        header: "Enrolment token",
        enableSorting: false,
        cell: ({ row }) => {
          const g = row.original;
          const has = g.has_enrolment_token;
          return (
            <span className="row">
              <span className={has ? "" : "muted"}>{has === undefined ? "—" : has ? "Set" : "None"}</span>
              {perms.globalAdmin && (
                <button type="button" className="group-token-button" onClick={() => setTokenFor(g)} aria-label={`Make a new enrolment token for ${g.name}`}>
                  {has ? "Replace" : "Make one"}
                </button>
              )}
            </span>
          );
        },
      },
    ],
    [perms],
  );

  if (groups.isPending) return <Loading label="Loading sensor groups" />;
  return (
    <div className="stack">
      <ErrorBox error={groups.error} />
      <DataTable data={groups.data ?? []} columns={columns} rowId={(g) => String(g.id)} caption="Sensor groups" height="60vh" empty="No sensor group." />
      <p className={outcome && !outcome.ok ? "error" : "muted"} role="status" aria-live="polite">
        {outcome?.text ?? ""}
      </p>
      <ErrorBox error={makeToken.error} />
      {newToken && (
        <div className="panel" role="region" aria-label="New enrolment token">
          <p>
            The new enrolment token of <strong>{newToken.group.name}</strong> (shown this once; its installers carry it):
          </p>
          <code className="group-token-value">{newToken.token}</code>
          <div className="row">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(newToken.token)}>
              Copy
            </button>
            <button type="button" className="ghost" onClick={() => setNewToken(null)}>
              Hide
            </button>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={tokenFor !== null}
        title={tokenFor?.has_enrolment_token ? "Replace the enrolment token?" : "Make an enrolment token?"}
        confirmLabel={tokenFor?.has_enrolment_token ? "Replace token" : "Make token"}
        danger={!!tokenFor?.has_enrolment_token}
        onCancel={() => setTokenFor(null)}
        onConfirm={() => {
          if (tokenFor) makeToken.mutate(tokenFor);
          setTokenFor(null);
        }}
      >
        {tokenFor?.has_enrolment_token ? (
          <p>
            The current token of <strong>{tokenFor?.name}</strong> stops working at once: installers downloaded before can no longer enrol
            new sensors. Sensors already enrolled are not affected.
          </p>
        ) : (
          <p>
            Sensors installed with <strong>{tokenFor?.name}</strong>'s installers enrol with this token. It is shown once.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
