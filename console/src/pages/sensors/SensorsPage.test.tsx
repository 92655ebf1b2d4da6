import { act, screen, within, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import SensorsPage from "./SensorsPage";
import { fakeServer, giveElementsASize, polyfillDialog, renderAt, sensorDoc, session } from "./testSupport";

giveElementsASize();
polyfillDialog();

const sensors = [
  sensorDoc(1, { computer_name: "JASON-WIN81-VM", status: "Offline", network_adapters: "" }),
  sensorDoc(5, { computer_name: "vm", os_type: 3, os_environment_display_string: "Debian GNU/Linux 12", group_id: 2 }),
  sensorDoc(6, { computer_name: "SIM-WIN10-00000", network_isolation_enabled: true, is_isolating: false }),
  sensorDoc(9, { computer_name: "sim-lnx-00000", os_type: 3, network_isolation_enabled: true, is_isolating: true }),
];
const groups = [
  { id: 1, name: "Default Group", site_id: 1, sensorbackend_server: "", number_of_hosts: 3, alert_criticality: 3, has_enrolment_token: false },
  { id: 2, name: "Servers", site_id: 1, sensorbackend_server: "", number_of_hosts: 1, alert_criticality: 3, has_enrolment_token: true },
];

function server(who = session()) {
  return fakeServer(who, ({ method, url }) => {
    if (method === "GET" && url.pathname === "/api/v2/sensor") return { body: { results: sensors, total_results: sensors.length, facets: {} } };
    if (method === "GET" && url.pathname === "/api/group") return { body: groups };
    if (method === "POST" && url.pathname === "/api/v1/group/1/registration_token") return { body: { registration_token: "0123456789abcdef" } };
    return undefined;
  });
}

function hostnamesShown() {
  const table = screen.getByRole("table", { name: "Sensors" });
  return within(table)
    .queryAllByRole("link")
    .map((a) => a.textContent);
}

describe("the sensor list", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows every sensor the server lists, with status, group and isolation", async () => {
    const { calls } = server();
    renderAt("/sensors", "/sensors", <SensorsPage />);
    await screen.findByRole("link", { name: "vm" });
    expect(hostnamesShown()).toEqual(["JASON-WIN81-VM", "sim-lnx-00000", "SIM-WIN10-00000", "vm"]);
    expect(screen.getByTestId("sensor-count")).toHaveTextContent("4 sensors");
    const vmRow = screen.getByRole("link", { name: "vm" }).closest("tr")!;
    expect(within(vmRow).getByText("Servers")).toBeInTheDocument();
    expect(within(vmRow).getByText("Debian GNU/Linux 12")).toHaveAttribute("title", "Linux: Debian GNU/Linux 12");
    const pendingRow = screen.getByRole("link", { name: "SIM-WIN10-00000" }).closest("tr")!;
    expect(within(pendingRow).getByText("Isolating…")).toBeInTheDocument();
    const isolatedRow = screen.getByRole("link", { name: "sim-lnx-00000" }).closest("tr")!;
    expect(within(isolatedRow).getByText("Isolated")).toBeInTheDocument();
    // One request for the whole list; the filters work on it.
    expect(calls.filter((c) => c.url.pathname === "/api/v2/sensor")).toHaveLength(1);
    expect(calls[0].url.searchParams.get("rows")).toBe("10000");
  });

  it("does not poll the whole list fast for an isolation this page did not ask for", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { calls } = server();
      renderAt("/sensors", "/sensors", <SensorsPage />);
      await screen.findByRole("link", { name: "SIM-WIN10-00000" }); // Isolating…, asked elsewhere
      await act(() => vi.advanceTimersByTimeAsync(20_000));
      expect(calls.filter((c) => c.url.pathname === "/api/v2/sensor")).toHaveLength(1);
      await act(() => vi.advanceTimersByTimeAsync(11_000));
      expect(calls.filter((c) => c.url.pathname === "/api/v2/sensor")).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("filters from the URL and writes new filters to it", async () => {
    server();
    renderAt("/sensors?status=online&group=1", "/sensors", <SensorsPage />);
    await screen.findByRole("link", { name: "SIM-WIN10-00000" });
    expect(hostnamesShown()).toEqual(["sim-lnx-00000", "SIM-WIN10-00000"]);
    expect(screen.getByTestId("sensor-count")).toHaveTextContent("2 of 4 sensors match");

    await userEvent.type(screen.getByLabelText("Hostname or IP"), "LNX");
    await waitFor(() => expect(hostnamesShown()).toEqual(["sim-lnx-00000"]));
    expect(screen.getByTestId("location")).toHaveTextContent("/sensors?status=online&group=1&q=LNX");

    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(hostnamesShown()).toHaveLength(4));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/sensors$/);
  });

  it("keeps what is typed in the hostname box, spaces too", async () => {
    server();
    renderAt("/sensors", "/sensors", <SensorsPage />);
    await screen.findByRole("link", { name: "vm" });
    const box = screen.getByLabelText("Hostname or IP");
    await userEvent.type(box, "sim lnx");
    expect(box).toHaveValue("sim lnx");
    await userEvent.clear(box);
    await userEvent.type(box, "SIM ");
    expect(box).toHaveValue("SIM ");
    expect(hostnamesShown()).toEqual(["sim-lnx-00000", "SIM-WIN10-00000"]);
  });

  it("sorts by a column when its header is clicked, and keeps the order in the URL", async () => {
    server();
    renderAt("/sensors", "/sensors", <SensorsPage />);
    await screen.findByRole("link", { name: "vm" });
    await userEvent.click(screen.getByRole("button", { name: /Group/ }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("sort=group%3Aasc"));
    expect(hostnamesShown()).toEqual(["JASON-WIN81-VM", "sim-lnx-00000", "SIM-WIN10-00000", "vm"]);
    await userEvent.click(screen.getByRole("button", { name: /Group/ }));
    await waitFor(() => expect(hostnamesShown()[0]).toBe("vm"));
  });
});

describe("the groups tab", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the groups with their sensor counts and installer links for administrators", async () => {
    server();
    renderAt("/sensors?tab=groups", "/sensors", <SensorsPage />);
    const table = await screen.findByRole("table", { name: "Sensor groups" });
    expect(within(table).getByTestId("group-hosts-1")).toHaveTextContent("3");
    expect(within(table).getByTestId("group-hosts-2")).toHaveTextContent("1");
    const linux = within(table).getByRole("link", { name: "Download the Linux (tar.gz) installer of Servers" });
    expect(linux).toHaveAttribute("href", "/api/v1/group/2/installer/linux");
    expect(within(table).getByRole("link", { name: "Download the Windows (MSI) installer of Default Group" })).toHaveAttribute(
      "href",
      "/api/v1/group/1/installer/windows/msi",
    );
    expect(within(table).getAllByRole("button", { name: /enrolment token/ })).toHaveLength(2);
  });

  it("shows why the server has no such installer, in the page", async () => {
    const { fetchMock } = server();
    renderAt("/sensors?tab=groups", "/sensors", <SensorsPage />);
    const table = await screen.findByRole("table", { name: "Sensor groups" });
    fetchMock.mockImplementationOnce(async () =>
      new Response(JSON.stringify({ reason: "installer_not_available", message: "no osx installer exists" }), {
        status: 404,
        headers: { "Content-Type": "application/json" },
      }),
    );
    await userEvent.click(within(table).getByRole("link", { name: "Download the macOS (PKG) installer of Servers" }));
    expect(await screen.findByText("macOS (PKG) installer of Servers: no osx installer exists")).toBeInTheDocument();
  });

  it("offers a group's Viewer no installer and no token", async () => {
    server(session({ global_admin: false, group_roles: [{ group_id: 1, group_name: "Default Group", role: "Viewer" }, { group_id: 2, group_name: "Servers", role: "Administrator" }] }));
    renderAt("/sensors?tab=groups", "/sensors", <SensorsPage />);
    const table = await screen.findByRole("table", { name: "Sensor groups" });
    expect(within(table).queryByRole("link", { name: /installer of Default Group/ })).toBeNull();
    expect(within(table).getAllByRole("link", { name: /installer of Servers/ })).toHaveLength(4);
    expect(within(table).queryByRole("button", { name: /enrolment token/ })).toBeNull();
  });

  it("makes a group's enrolment token after confirmation and shows it once", async () => {
    const { calls } = server();
    renderAt("/sensors?tab=groups", "/sensors", <SensorsPage />);
    const table = await screen.findByRole("table", { name: "Sensor groups" });
    await userEvent.click(within(table).getByRole("button", { name: "Make a new enrolment token for Default Group" }));
    const dialog = screen.getByRole("dialog", { name: "Make an enrolment token?" });
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Make token" }));
    const shown = await screen.findByRole("region", { name: "New enrolment token" });
    expect(within(shown).getByText("0123456789abcdef")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST")!;
    expect(post.url.pathname).toBe("/api/v1/group/1/registration_token");
    expect(post.headers["X-CSRF-Token"]).toBe("csrf-1");
  });
});
