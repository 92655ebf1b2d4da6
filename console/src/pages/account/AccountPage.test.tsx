import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { QueryClient } from "@tanstack/react-query";
import { fakeServer, prepareDom, renderPage, sessionOf } from "../intel/testing";
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

const me = (token?: string) => ({ username: "ann", first_name: "Ann", last_name: "Alyst", email: "", global_admin: true, teams: [], auth_token: token });

it("hides the token until asked, then shows what the server says", async () => {
  const calls = fakeServer({ "GET /api/user/ann": me(OLD) });
  renderPage(<AccountPage />, "/account");
  const token = await screen.findByTestId("api-token");
  expect(token).toHaveTextContent(/^•+$/);
  expect(calls).toEqual([]); // not even read
  await userEvent.click(screen.getByRole("button", { name: "Show" }));
  expect(await screen.findByText(OLD)).toBe(token);
  await userEvent.click(screen.getByRole("button", { name: "Hide" }));
  expect(token).toHaveTextContent(/^•+$/);
});

/** The tokens the page's query cache holds. */
const cachedTokens = (client: QueryClient) =>
  client
    .getQueryCache()
    .findAll({ queryKey: ["own-token"] })
    .map((q) => q.state.data)
    .filter((d) => d !== undefined);

it("keeps the token in memory only while it is shown", async () => {
  fakeServer({ "GET /api/user/ann": me(OLD) });
  const page = renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Show" }));
  await screen.findByText(OLD);
  expect(cachedTokens(page.client)).toEqual([OLD]);
  await userEvent.click(screen.getByRole("button", { name: "Hide" }));
  expect(cachedTokens(page.client)).toEqual([]);

  await userEvent.click(screen.getByRole("button", { name: "Show" }));
  await screen.findByText(OLD);
  page.unmount(); // the analyst leaves the page
  expect(cachedTokens(page.client)).toEqual([]);
});

it("copies the token without keeping it", async () => {
  fakeServer({ "GET /api/user/ann": me(OLD) });
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: vi.fn(async () => {}) } });
  const page = renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Copy" }));
  await screen.findByText("Your API token is on the clipboard.");
  expect(cachedTokens(page.client)).toEqual([]);
});

it("says so when the server has no token of yours to show", async () => {
  fakeServer({ "GET /api/user/ann": me(undefined) });
  renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Show" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(/rotate to get one/);
});

it("copies the token to the clipboard", async () => {
  fakeServer({ "GET /api/user/ann": me(OLD) });
  const writeText = vi.fn(async () => {});
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
  renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Copy" }));
  expect(await screen.findByText("Your API token is on the clipboard.")).toBeInTheDocument();
  expect(writeText).toHaveBeenCalledWith(OLD);
  expect(screen.getByTestId("api-token")).toHaveTextContent(/^•+$/); // copied, still hidden
});

it("rotates the token once confirmed and shows the new one", async () => {
  const calls = fakeServer({ "GET /api/user/ann": me(OLD), "POST /api/v1/user/ann/token": { auth_token: NEW } });
  renderPage(<AccountPage />, "/account");
  await userEvent.click(await screen.findByRole("button", { name: "Rotate…" }));
  const dialog = screen.getByRole("dialog", { name: "Rotate your API token?" });
  await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(calls.some((c) => c.method === "POST")).toBe(false);
  await userEvent.click(screen.getByRole("button", { name: "Rotate…" }));
  await userEvent.click(within(screen.getByRole("dialog", { name: "Rotate your API token?" })).getByRole("button", { name: "Rotate token" }));
  expect(await screen.findByText(NEW)).toBeInTheDocument();
  expect(screen.getByText(/the old one no longer works/)).toBeInTheDocument();
  expect(calls.filter((c) => c.method === "POST").map((c) => c.url.pathname)).toEqual(["/api/v1/user/ann/token"]);
});
