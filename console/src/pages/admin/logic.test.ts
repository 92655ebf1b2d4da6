import type { Activity, Team } from "../../api/admin";
import { filterActivity, isFiltered, readAuditFilter, writeAuditFilter, type AuditFilter } from "./auditFilter";
import { accessOf, accessSummary, rolesOf } from "./TeamsPanel";
import { formOf, userInputOf } from "./UserDialog";

const entry = (username: string, method: string, path: string, http_status: number, timestamp: string): Activity => ({
  username,
  method,
  path,
  http_status,
  timestamp,
  ip_address: "127.0.0.1",
  http_description: "",
});

const log = [
  entry("ann", "POST", "/api/console/login", 200, "2026-12-08 10:00:30.000000+00:00"),
  entry("bob", "GET", "/api/v1/process", 400, "2026-12-08 09:59:00.000000+00:00"),
  entry("ann", "DELETE", "/api/v1/feed/3", 403, "2026-12-08 09:00:00.000000+00:00"),
  entry("-", "POST", "/api/console/login", 401, "2026-12-07 23:00:00.000000+00:00"),
];
const none: AuditFilter = { user: "", method: "", path: "", status: "", from: "", to: "" };

describe("audit log filters", () => {
  it("match user, method, a part of the path in any case, a status or its class", () => {
    expect(filterActivity(log, none)).toHaveLength(4);
    expect(filterActivity(log, { ...none, user: "ann" }).map((e) => e.path)).toEqual(["/api/console/login", "/api/v1/feed/3"]);
    expect(filterActivity(log, { ...none, method: "POST", path: "CONSOLE/LOGIN" })).toHaveLength(2);
    expect(filterActivity(log, { ...none, status: "4xx" }).map((e) => e.http_status)).toEqual([400, 403, 401]);
    expect(filterActivity(log, { ...none, status: "403" }).map((e) => e.username)).toEqual(["ann"]);
  });

  it("bound the time in the analyst's zone, the 'to' minute included", () => {
    const local = (iso: string) => {
      // The datetime-local text of an instant, in this machine's zone.
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    const got = filterActivity(log, { ...none, from: local("2026-12-08T09:30:00Z"), to: local("2026-12-08T10:00:00Z") });
    expect(got.map((e) => e.username)).toEqual(["ann", "bob"]);
  });

  it("live in the URL beside other parameters, empty ones left out", () => {
    const f = { ...none, user: "ann", status: "4xx", path: "/api/v1" };
    const p = writeAuditFilter(f, new URLSearchParams("tab=x&method=GET"));
    expect(p.toString()).toBe("tab=x&user=ann&path=%2Fapi%2Fv1&status=4xx");
    expect(readAuditFilter(p)).toEqual(f);
    expect(isFiltered(readAuditFilter(new URLSearchParams("tab=x")))).toBe(false);
  });
});

describe("teams", () => {
  const groups = [
    { id: 1, name: "Default Group" },
    { id: 2, name: "Servers" },
    { id: 3, name: "Laptops" },
  ];
  const team: Team = {
    id: 5,
    name: "SOC",
    group_access: [
      { group_id: 1, group_name: "Default Group", access_category: "Administrator" },
      { group_id: 3, group_name: "Laptops", access_category: "Viewer" },
    ],
  };

  it("have a role in every group, No Access where they have none", () => {
    expect(rolesOf(team, groups)).toEqual({ 1: "Administrator", 2: "No Access", 3: "Viewer" });
    expect(rolesOf(null, groups)).toEqual({ 1: "No Access", 2: "No Access", 3: "No Access" });
  });

  it("are saved with the groups they have a role in", () => {
    expect(accessOf({ 1: "No Access", 2: "Viewer", 3: "Administrator" }, groups)).toEqual([
      { group_id: 2, group_name: "Servers", access_category: "Viewer" },
      { group_id: 3, group_name: "Laptops", access_category: "Administrator" },
    ]);
  });

  it("are summarised by their roles", () => {
    expect(accessSummary(team)).toBe("Default Group: Administrator · Laptops: Viewer");
    expect(accessSummary({ id: 1, name: "x", group_access: [] })).toBe("No access");
  });
});

describe("the user form", () => {
  const filled = { ...formOf(null), username: " eve ", first_name: "Eve", password: "pw-1", confirm: "pw-1", teams: [5] };

  it("needs a username, and a password for a new user", () => {
    expect(userInputOf({ ...filled, username: " " }, true)).toEqual({ problem: "A user needs a username." });
    expect(userInputOf({ ...filled, password: "", confirm: "" }, true)).toEqual({ problem: "A new user needs a password." });
    expect(userInputOf({ ...filled, confirm: "pw-2" }, true)).toEqual({ problem: "The two passwords differ." });
  });

  it("sends the user with team ids, and a password only when one is given", () => {
    expect(userInputOf(filled, true)).toEqual({
      input: { username: "eve", first_name: "Eve", last_name: "", email: "", global_admin: false, teams: [5], password: "pw-1" },
    });
    const edited = userInputOf({ ...filled, password: "", confirm: "" }, false);
    expect("input" in edited && "password" in edited.input).toBe(false);
  });

  it("asks for your current password when you change your own", () => {
    expect(userInputOf(filled, false, true)).toEqual({ problem: "Give your current password to change it." });
    const r = userInputOf({ ...filled, current: "old" }, false, true);
    expect("input" in r && r.input.current_password).toBe("old");
  });
});
