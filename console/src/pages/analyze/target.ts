// What /#/analyze/<guid>/<segment> names. Carbon Black's webui_link gives the GUID and a decimal segment id; links
// made from search rows may give the unique id instead (`<guid>-<segment as hex>`), which is read the same way.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Target = { guid: string; segment: number | undefined } | { error: string };

export function parseTarget(guidParam: string | undefined, segmentParam: string | undefined): Target {
  const raw = (guidParam ?? "").trim().toLowerCase();
  const parts = raw.split("-");
  const guid = parts.slice(0, 5).join("-");
  if (!GUID.test(guid)) return { error: `“${guidParam ?? ""}” is not a process id.` };
  let segment: number | undefined;
  if (parts.length === 6 && /^[0-9a-f]{1,12}$/.test(parts[5])) segment = parseInt(parts[5], 16);
  else if (parts.length !== 5) return { error: `“${guidParam}” is not a process id.` };
  if (segmentParam !== undefined && segmentParam !== "") {
    if (!/^\d{1,16}$/.test(segmentParam)) return { error: `“${segmentParam}” is not a segment id.` };
    segment = Number(segmentParam);
  }
  return { guid, segment };
}
