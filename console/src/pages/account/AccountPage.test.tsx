import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeServer, json, prepareDom, renderPage, sessionOf } from "../intel/testing";
import AccountPage from "./AccountPage";

beforeAll(prepareDom);
afterEach(() => vi.unstubAllGlobals());

const OLD = "a".repeat(40);
const NEW = "b".repeat(40);

it("says who you are and your role in each group", async () => {
  fakeServer({}, sessionOf("viewer", "vic"));
  renderPage(<AccountPage />, "/account");
  expect(await screen.findByTestId("account-username")).toHaveTextContent("vic");
  expect(screen.getByRole("cell", { name: "Default Group" }).closest("tr")).toHaveTextContent("Viewer");
});

it("hides the token until asked, then shows what the server says", async () => {
  const calls = fakeServer({ "GET /api/console/token": { api_token: OLD } });
  renderPage(<AccountPage />, "/account");
  const token = await screen.findByTestId("api-token");
  expect(token).toHaveTextContent(/^•+$/);
  expect(calls).toEqual([]); // not even read
  await userEvent.click(screen.getByRole("button", { name: "Show" }));
  expect(await screen.findByText(OLD)).toBe(token);
  await userEvent.click(screen.getByRole("button", { name: "Hide" }));
  expect(token).toHaveTextContent(/^•+$/);
});

it("reads the token from your user document on a server without the console's token route", async () => {
  fakeServer({ "GET /api/user/ann": { username: "ann", auth_token: OLD, teams: [] } });
  renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Show" }));
  expect(await screen.findByText(OLD)).toBeInTheDocument();
});

it("copies the token to the clipboard", async () => {
  fakeServer({ "GET /api/console/token": { api_token: OLD } });
  const writeText = vi.fn(async () => {});
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
  renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Copy" }));
  expect(await screen.findByText("Your API token is on the clipboard.")).toBeInTheDocument();
  expect(writeText).toHaveBeenCalledWith(OLD);
  expect(screen.getByTestId("api-token")).toHaveTextContent(/^•+$/); // copied, still hidden
});

it("rotates the token once confirmed and shows the new one", async () => {
  const calls = fakeServer({ "GET /api/console/token": { api_token: OLD }, "POST /api/console/token": { api_token: NEW } });
  renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Rotate…" }));
  const dialog = screen.getByRole("dialog", { name: "Rotate your API token?" });
  await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(calls.some((c) => c.method === "POST")).toBe(false);
  await userEvent.click(screen.getByRole("button", { name: "Rotate…" }));
  await userEvent.click(within(screen.getByRole("dialog", { name: "Rotate your API token?" })).getByRole("button", { name: "Rotate token" }));
  expect(await screen.findByText(NEW)).toBeInTheDocument();
  expect(screen.getByText(/the old one no longer works/)).toBeInTheDocument();
});

it("rotates through the user token route on a server without the console's", async () => {
  const calls = fakeServer({
    "POST /api/console/token": () => json(404, { reason: "not_found", message: "route /api/console/token not found" }),
    "POST /api/v1/user/ann/token": { auth_token: NEW },
  });
  renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Rotate…" }));
  await userEvent.click(within(screen.getByRole("dialog", { name: "Rotate your API token?" })).getByRole("button", { name: "Rotate token" }));
  expect(await screen.findByText(NEW)).toBeInTheDocument();
  expect(calls.filter((c) => c.method === "POST").map((c) => c.url.pathname)).toEqual(["/api/console/token", "/api/v1/user/ann/token"]);
});
