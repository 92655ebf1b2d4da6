import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, request, setCsrfToken, setUnauthorizedHandler } from "./client";
import { watchIdle } from "./idle";
import type { Narrowed } from "./narrowed";
import type { ConsoleSessionDocument, ConsoleSessionDocument_GroupRoleEntry } from "./wire";

/** A role in a sensor group: the server's GroupRole categories it lists (it leaves out groups with No Access). */
export type GroupRoleName = "Administrator" | "Viewer";

/**
 * What the server says about the logged-in user (GET /api/console/session; its ConsoleSessionDocument record), the
 * role narrowed to the two the server sends (the record holds it as a String).
 */
export type ConsoleSession = Narrowed<
  ConsoleSessionDocument,
  { group_roles: Narrowed<ConsoleSessionDocument_GroupRoleEntry, { role: GroupRoleName }>[] }
>;

type State = { status: "loading" } | { status: "anonymous"; expired: boolean } | { status: "in"; session: ConsoleSession };

interface SessionApi {
  state: State;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

const logoutHooks = new Set<() => Promise<unknown>>();
/** The longest a logout waits for what must happen before it (closing live-response sessions). */
const BEFORE_LOGOUT_MS = 5_000;

/**
 * Something to do while the login still holds, each time the user logs out (or the console does, when idle): the
 * live-response pages close the sessions they opened. Returns the function that removes it.
 */
export function beforeLogout(hook: () => Promise<unknown>): () => void {
  logoutHooks.add(hook);
  return () => logoutHooks.delete(hook);
}

async function runBeforeLogout() {
  const all = Promise.allSettled([...logoutHooks].map((hook) => hook()));
  await Promise.race([all, new Promise((r) => setTimeout(r, BEFORE_LOGOUT_MS))]);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: "loading" });
  const queries = useQueryClient();

  const signedIn = useCallback((session: ConsoleSession) => {
    setCsrfToken(session.csrf_token);
    setState({ status: "in", session });
  }, []);

  const signOut = useCallback(
    async (expired: boolean) => {
      await runBeforeLogout();
      try {
        await api.post("/api/console/logout");
      } finally {
        setCsrfToken(null);
        queries.clear();
        setState({ status: "anonymous", expired });
      }
    },
    [queries],
  );

  // No input for the session's idle time, in any tab: the console logs out and says the session has ended.
  const idleSeconds = state.status === "in" ? state.session.idle_seconds : 0;
  useEffect(() => {
    if (!idleSeconds || idleSeconds <= 0) return;
    return watchIdle(idleSeconds * 1000, () => void signOut(true).catch(() => undefined));
  }, [idleSeconds, signOut]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      queries.clear();
      setState({ status: "anonymous", expired: true });
    });
    request<ConsoleSession>("/api/console/session", { quiet401: true })
      .then(signedIn)
      .catch(() => setState({ status: "anonymous", expired: false }));
    return () => setUnauthorizedHandler(null);
  }, [queries, signedIn]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      async login(username, password) {
        const session = await request<ConsoleSession>("/api/console/login", {
          method: "POST",
          body: { username, password },
          quiet401: true,
        });
        signedIn(session);
      },
      logout: () => signOut(false),
    }),
    [state, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionApi(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSessionApi outside SessionProvider");
  return s;
}

/** The logged-in user's session; only for components under the signed-in layout. */
export function useSession(): ConsoleSession {
  const { state } = useSessionApi();
  if (state.status !== "in") throw new Error("useSession without a session");
  return state.session;
}

/**
 * What the user may do, so the console offers only that (the server refuses the rest anyway): a global administrator
 * does everything; others act on the sensor groups they administer.
 */
export function usePermissions() {
  const s = useSession();
  return useMemo(() => {
    const administered = new Set(s.group_roles.filter((g) => g.role === "Administrator").map((g) => g.group_id));
    return {
      globalAdmin: s.global_admin,
      administersAnyGroup: s.global_admin || administered.size > 0,
      administers: (groupId: number | undefined | null) =>
        s.global_admin || (groupId !== undefined && groupId !== null && administered.has(groupId)),
    };
  }, [s]);
}
