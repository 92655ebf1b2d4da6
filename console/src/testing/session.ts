// The signed-in session the page tests render with (GET /api/console/session's shape), roles chosen per test.
import type { ConsoleSession } from "../api/session";

export function sessionOf(overrides: Partial<ConsoleSession> = {}): ConsoleSession {
  return {
    username: "analyst",
    first_name: "Ann",
    last_name: "Alyst",
    email: "ann@example.com",
    global_admin: true,
    csrf_token: "csrf-1",
    expires: "2099-01-01T00:00:00Z",
    idle_seconds: 1800,
    group_roles: [],
    ...overrides,
  };
}
