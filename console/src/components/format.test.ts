import { formatAgo, formatBytes } from "./format";
import { withQuery } from "../api/client";

describe("format", () => {
  it("sizes in binary units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 * 1024 * 1024)).toBe("5.0 GiB");
  });
  it("ages relative to now", () => {
    const now = Date.parse("2026-12-08T12:00:00Z");
    expect(formatAgo("2026-12-08T11:59:30Z", now)).toBe("30 s ago");
    expect(formatAgo("2026-12-08T09:00:00Z", now)).toBe("3 h ago");
    expect(formatAgo(null, now)).toBe("never");
  });
  it("query strings skip empty values and repeat arrays", () => {
    expect(withQuery("/api/v1/process", { q: "process_name:cmd.exe", rows: 10, start: undefined, facet: ["a", "b"] })).toBe(
      "/api/v1/process?q=process_name%3Acmd.exe&rows=10&facet=a&facet=b",
    );
  });
});
