import { isRouteErrorResponse, useRouteError } from "react-router";
import { PageTitle } from "../components/common";

/**
 * A page's code that failed to arrive: after an upgrade of the server, the chunks this tab knows by name are gone.
 * Browsers word it differently (Chromium, Firefox, Safari).
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error ?? "");
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS/i.test(
    message,
  );
}

function describe(error: unknown): string {
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * What a route shows instead of a page that could not load or crashed while drawing: what happened and a Reload
 * button. It takes the page's place inside the layout, so the navigation stays.
 */
export function RouteError() {
  const error = useRouteError();
  const chunk = isChunkLoadError(error);
  return (
    <section className="route-error" role="alert">
      <PageTitle>{chunk ? "This page could not be loaded" : "Something went wrong on this page"}</PageTitle>
      <p>
        {chunk
          ? "The console was probably updated since this tab opened it. Reload to get the new version."
          : "The page stopped while drawing. Reloading usually helps; the other pages still work."}
      </p>
      <p className="muted mono">{describe(error)}</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </section>
  );
}
