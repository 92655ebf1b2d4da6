import { defineConfig } from "@playwright/test";

// The end-to-end run drives Debian's Chromium (no browser download: these machines have no internet), headless, with
// everything that would reach out to Google's services turned off. The server is started by the Java side
// (ConsoleEndToEndIT in the launcher module), which passes its URL and credentials in the environment.
const chromium = process.env.LAMPBLACK_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "target/e2e-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.LAMPBLACK_URL ?? "https://127.0.0.1:8443",
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
