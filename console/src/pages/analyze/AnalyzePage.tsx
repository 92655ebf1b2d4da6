import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { analysisApi, CHILD_LIMIT, keys } from "../../api/analysis";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { formatTime } from "../../components/format";
import { EventTimeline } from "./EventTimeline";
import { ProcessActions } from "./ProcessActions";
import { ProcessFacts, ProcessHits } from "./ProcessFacts";
import { ProcessTree } from "./ProcessTree";
import { SegmentNav } from "./SegmentNav";
import { parseTarget } from "./target";
import "./analyze.css";

/**
 * Process analysis at /#/analyze/<guid>/<segment> (Carbon Black's webui_link): the tree around the process, its facts
 * and hits, and the events of one segment (the first when the link names none; 0 for the whole process).
 */
export default function AnalyzePage() {
  const params = useParams();
  const target = parseTarget(params.guid, params.segment);
  if ("error" in target) {
    return (
      <>
        <PageTitle>Process analysis</PageTitle>
        <ErrorBox error={new Error(target.error)} />
      </>
    );
  }
  return <Analysis key={target.guid} guid={target.guid} urlSegment={target.segment} />;
}

function Analysis({ guid, urlSegment }: { guid: string; urlSegment: number | undefined }) {
  const summary = useQuery({
    queryKey: keys.summary(guid, 0),
    queryFn: ({ signal }) => analysisApi.summary(guid, 0, CHILD_LIMIT, signal),
  });
  const segments = useQuery({
    queryKey: keys.segments(guid),
    queryFn: ({ signal }) => analysisApi.segments(guid, signal),
  });
  const segment = urlSegment ?? segments.data?.[0]?.segment_id;
  const events = useQuery({
    queryKey: keys.events(guid, segment ?? "first"),
    queryFn: ({ signal }) => analysisApi.events(guid, segment!, signal),
    enabled: segment !== undefined,
    // Moving between segments keeps the last one's events on screen until the next arrive.
    placeholderData: keepPreviousData,
  });

  if (summary.isPending) {
    return (
      <>
        <PageTitle>Process analysis</PageTitle>
        <Loading label="Loading the process" />
      </>
    );
  }
  if (summary.isError) {
    return (
      <>
        <PageTitle>Process analysis</PageTitle>
        <ErrorBox error={summary.error} />
      </>
    );
  }
  const p = summary.data.process;
  return (
    <div className="analyze">
      <PageTitle actions={<ProcessActions doc={p} />}>{p.process_name || "Process"}</PageTitle>
      <p className="muted subtitle">
        pid {p.process_pid} on {p.hostname} · started {formatTime(p.start)}
        {p.terminated ? ` · ended ${formatTime(p.end ?? p.last_update)}` : ""}
      </p>
      <div className="analyze-grid">
        <section className="panel" aria-labelledby="tree-heading">
          <h2 id="tree-heading">Process tree</h2>
          <ProcessTree focus={summary.data} />
        </section>
        <div className="stack analyze-side">
          <section className="panel" aria-labelledby="facts-heading">
            <h2 id="facts-heading">Facts</h2>
            <ProcessFacts summary={summary.data} />
          </section>
          <section className="panel" aria-labelledby="hits-heading">
            <h2 id="hits-heading">Hits and tags</h2>
            <ProcessHits summary={summary.data} />
          </section>
        </div>
      </div>
      <section className="panel" aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        {segments.isError && <ErrorBox error={segments.error} />}
        {segments.data && segment !== undefined && <SegmentNav guid={guid} segments={segments.data} current={segment} />}
        {events.isError && <ErrorBox error={events.error} />}
        {segment === undefined && !segments.isError && <Loading label="Loading the segments" />}
        {events.data && <EventTimeline doc={events.data.process} busy={events.isPlaceholderData || events.isFetching} />}
        {segment !== undefined && events.isPending && <Loading label="Loading the events" />}
      </section>
    </div>
  );
}
