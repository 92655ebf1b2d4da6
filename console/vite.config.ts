import { defineConfig } from "vitest/config";
import type { Plugin } from "vite";
import react from "@vitejs/plugin-react";

// The server serves exactly the files this list names (see StaticConsole on the server side): every file the build
// emitted, relative to the output directory.
function fileList(): Plugin {
  return {
    name: "lampblack-file-list",
    // After Vite's own HTML plugin has emitted index.html into the bundle.
    enforce: "post",
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).concat("lampblack-files.json").sort();
      this.emitFile({ type: "asset", fileName: "lampblack-files.json", source: JSON.stringify(files) });
    },
  };
}

export default defineConfig({
  plugins: [react(), fileList()],
  base: "/",
  // `npm run dev` against a running server: LAMPBLACK_URL=https://127.0.0.1:8443 (its self-signed certificate is
  // accepted here only). Log in with a user of that server; the session cookie passes through the proxy.
  server: {
    proxy: {
      "/api": { target: process.env.LAMPBLACK_URL ?? "https://127.0.0.1:8443", secure: false, changeOrigin: true },
    },
  },
  build: {
    // Into the Maven module's classes, so the console's jar carries it under console/.
    outDir: "target/classes/console",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
