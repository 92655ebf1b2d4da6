import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Activity, Team, User } from "../../api/admin";
import { fakeServer, prepareDom, renderPage, sessionOf } from "../intel/testing";
import AdminPage from "./AdminPage";

beforeAll(prepareDom);
afterEach(() => vi.unstubAllGlobals());

const user = (username: string, extra: Partial<User> = {}): User => ({
  username,
  first_name: "",
  last_name: "",
  email: "",
  global_admin: false,
  teams: [],
  ...extra,
});
const soc: Team = { id: 5, name: "SOC", group_access: [{ group_id: 1, group_name: "Default Group", access_category: "Viewer" }] };
const groups = [
  { id: 1, name: "Default Group" },
  { id: 2, name: "Servers" },
];

const activity = (username: string, method: string, path: string, http_status: number, timestamp: string): Activity => ({
  username,
  method,
  path,
  http_status,
  timestamp,
  ip_address: "10.0.0.9",
  http_description: http_status === 200 ? "console login succeeded" : "Forbidden",
});

it("is for global administrators only", async () => {
  const calls = fakeServer({}, sessionOf("viewer"));
  renderPage(<AdminPage />, "/admin/users", "/admin/:tab");
  expect(await screen.findByText(/Administration is for global administrators/)).toBeInTheDocument();
  expect(screen.queryByRole("tab")).toBeNull();
  expect(calls).toEqual([]);
});

describe("users", () => {
  it("lists the users with their role and teams, and you cannot delete yourself", async () => {
    fakeServer({
      "GET /api/users": [user("ann", { global_admin: true, first_name: "Ann", last_name: "Alyst" }), user("bob", { teams: [{ id: 5, name: "SOC" }] })],
      "GET /api/teams": [soc],
    });
    renderPage(<AdminPage />, "/admin/users", "/admin/:tab");
    const ann = (await screen.findByRole("cell", { name: "ann" })).closest("tr")!;
    expect(ann).toHaveTextContent("Ann Alyst");
    expect(ann).toHaveTextContent("Global administrator");
    expect(within(ann).getByRole("button", { name: "Delete ann" })).toBeDisabled();
    const bob = screen.getByRole("cell", { name: "bob" }).closest("tr")!;
    expect(bob).toHaveTextContent("SOC");
    expect(within(bob).getByRole("button", { name: "Delete bob" })).toBeEnabled();
  });

  it("creates a user with a password and teams", async () => {
    const calls = fakeServer({ "GET /api/users": [], "GET /api/teams": [soc], "POST /api/user": { result: "success" } });
    renderPage(<AdminPage />, "/admin/users", "/admin/:tab");
    await userEvent.click(await screen.findByRole("button", { name: "Add user" }));
    const dialog = screen.getByRole("dialog", { name: "New user" });
    await userEvent.type(within(dialog).getByLabelText("Username"), "eve");
    await userEvent.type(within(dialog).getByLabelText("E-mail"), "eve@example.com");
    await userEvent.type(within(dialog).getByLabelText("Password"), "pw-12345");
    await userEvent.type(within(dialog).getByLabelText("Password again"), "pw-12345");
    await userEvent.click(within(dialog).getByLabelText("SOC"));
    await userEvent.click(within(dialog).getByRole("button", { name: "Create user" }));
    expect(await screen.findByText("User eve created.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      username: "eve",
      first_name: "",
      last_name: "",
      email: "eve@example.com",
      global_admin: false,
      teams: [5],
      password: "pw-12345",
    });
  });

  it("resets a user's token once confirmed", async () => {
    const calls = fakeServer({
      "GET /api/users": [user("bob")],
      "GET /api/teams": [],
      "POST /api/v1/user/bob/token": { auth_token: "f".repeat(40) },
    });
    renderPage(<AdminPage />, "/admin/users", "/admin/:tab");
    await userEvent.click(await screen.findByRole("button", { name: "Reset the API token of bob" }));
    await userEvent.click(within(screen.getByRole("dialog", { name: "Reset the API token of bob?" })).getByRole("button", { name: "Reset token" }));
    expect(await screen.findByText(/bob has a new API token/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST").map((c) => c.url.pathname)).toEqual(["/api/v1/user/bob/token"]);
  });
});

describe("teams", () => {
  it("edit the role in every sensor group, No Access left out", async () => {
    const calls = fakeServer({ "GET /api/teams": [soc], "GET /api/group": groups, "PUT /api/team/5": soc });
    renderPage(<AdminPage />, "/admin/teams", "/admin/:tab");
    expect((await screen.findByRole("cell", { name: "SOC" })).closest("tr")).toHaveTextContent("Default Group: Viewer");
    await userEvent.click(screen.getByRole("button", { name: "Edit SOC" }));
    const dialog = screen.getByRole("dialog", { name: "Edit the team SOC" });
    expect(within(dialog).getByRole("combobox", { name: "Default Group" })).toHaveValue("Viewer");
    expect(within(dialog).getByRole("combobox", { name: "Servers" })).toHaveValue("No Access");
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Default Group" }), "No Access");
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Servers" }), "Administrator");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save team" }));
    expect(await screen.findByText("Team SOC saved.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({
      id: 5,
      name: "SOC",
      group_access: [{ group_id: 2, group_name: "Servers", access_category: "Administrator" }],
    });
  });
});

describe("the audit log", () => {
  const log = [
    activity("ann", "POST", "/api/console/login", 200, "2026-12-08 10:00:30.000000+00:00"),
    activity("bob", "DELETE", "/api/v1/feed/3", 403, "2026-12-08 09:59:00.000000+00:00"),
    activity("ann", "GET", "/api/v1/process", 200, "2026-12-08 09:58:00.000000+00:00"),
  ];

  it("shows the entries the URL's filters select", async () => {
    const calls = fakeServer({ "GET /api/useractivity": log });
    renderPage(<AdminPage />, "/admin/audit?user=ann&method=POST", "/admin/:tab");
    expect(await screen.findByText("1 of the newest 3 entries")).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Audit log, newest first" });
    expect(within(table).getAllByRole("row")).toHaveLength(2); // the header and one entry
    expect(within(table).getByText("/api/console/login").closest("tr")).toHaveTextContent("console login succeeded");
    expect(calls[0].url.searchParams.get("limit")).toBe("5000");
  });

  it("puts a filter chosen on the page into the URL", async () => {
    fakeServer({ "GET /api/useractivity": log });
    renderPage(<AdminPage />, "/admin/audit", "/admin/:tab");
    await screen.findByText("3 of the newest 3 entries");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Status" }), "4xx");
    expect(screen.getByTestId("location")).toHaveTextContent("/admin/audit?status=4xx");
    expect(await screen.findByText("1 of the newest 3 entries")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/admin\/audit$/);
  });
});

describe("bans", () => {
  it("bans a valid MD5 only, and unbans once confirmed", async () => {
    const ban = {
      md5hash: "0123456789ABCDEF0123456789ABCDEF",
      text: "dropper",
      enabled: true,
      username: "ann",
      timestamp: "2026-12-08T10:00:00Z",
      block_count: 2,
      last_block_time: null,
      last_block_hostname: null,
      audit: [],
    };
    const calls = fakeServer({
      "GET /api/v1/banning/blacklist": [ban],
      "POST /api/v1/banning/blacklist": { result: "success" },
      [`DELETE /api/v1/banning/blacklist/${ban.md5hash}`]: { ...ban, enabled: false },
    });
    renderPage(<AdminPage />, "/admin/bans", "/admin/:tab");
    expect((await screen.findByRole("link", { name: ban.md5hash })).closest("tr")).toHaveTextContent("Banned");
    const md5 = screen.getByLabelText("MD5 to ban");
    await userEvent.type(md5, "xyz");
    expect(screen.getByRole("button", { name: "Ban hash" })).toBeDisabled();
    await userEvent.clear(md5);
    await userEvent.type(md5, "ffffffffffffffffffffffffffffffff");
    await userEvent.type(screen.getByLabelText("Reason"), "test");
    await userEvent.click(screen.getByRole("button", { name: "Ban hash" }));
    expect(await screen.findByText("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF banned.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ md5hash: "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", text: "test", enabled: true });

    await userEvent.click(screen.getByRole("button", { name: `Unban ${ban.md5hash}` }));
    await userEvent.click(within(screen.getByRole("dialog", { name: `Unban ${ban.md5hash}?` })).getByRole("button", { name: "Unban" }));
    expect(await screen.findByText(`${ban.md5hash} unbanned.`)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE")).toBe(true);
  });
});
