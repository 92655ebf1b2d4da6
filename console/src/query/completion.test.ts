import { completeAt } from "./completion";
import { isKnownField } from "./fields";

const labels = (text: string, pos = text.length, explicit = false) => completeAt(text, pos, explicit)?.options.map((o) => o.label);

describe("query completion", () => {
  it("offers field names by prefix, inserting the colon", () => {
    const r = completeAt("proc", 4);
    expect(r?.from).toBe(0);
    expect(r?.options.map((o) => o.label)).toEqual([
      "process_name",
      "process_md5",
      "process_sha256",
      "process_pid",
      "process_id",
      "processblock_count",
    ]);
    expect(r?.options[0].apply).toBe("process_name:");
  });

  it("completes after an operator, a parenthesis or a minus, case-insensitively", () => {
    expect(labels("process_name:cmd.exe AND host")).toEqual(["hostname", "host_type"]);
    expect(labels("(netc")).toEqual(["netconn_count"]);
    expect(labels("-USER")).toEqual(["username", "username_full"]);
    expect(labels("digsig_r")).toEqual(["digsig_result"]);
  });

  it("offers the dynamic field patterns", () => {
    expect(labels("alli")).toEqual(["alliance_score_<feed>"]);
    expect(labels("watch")).toEqual(["watchlist_<id>"]);
  });

  it("lists every field on request, nothing while typing nothing", () => {
    expect(labels("", 0)).toBeUndefined();
    expect(labels("", 0, true)!.length).toBeGreaterThan(60);
    expect(labels("a ", 2, true)).toContain("cmdline");
  });

  it("offers the values of enumerated fields after the colon", () => {
    expect(labels("host_type:")).toEqual(["workstation", "server", "domain_controller"]);
    expect(labels("host_type:w")).toEqual(["workstation"]);
    expect(labels("digsig_result:inv")).toEqual(['"Invalid Signature"', '"Invalid Chain"']);
    expect(labels("process_name:")).toBeUndefined();
  });

  it("offers nothing inside a value, a phrase or a range, or for an unknown prefix", () => {
    expect(labels("c:\\prog")).toBeUndefined();
    expect(labels('cmdline:"proc')).toBeUndefined();
    expect(labels("start:[2016 TO proc")).toBeUndefined();
    expect(labels("process_name:proc")).toBeUndefined();
    expect(labels("zzz")).toBeUndefined();
  });

  it("recognises field names as the server does", () => {
    expect(isKnownField("process_name")).toBe(true);
    expect(isKnownField("PROCESS_NAME")).toBe(true);
    expect(isKnownField("c")).toBe(false);
    expect(isKnownField("digsig_result_parent")).toBe(true);
    expect(isKnownField("process_name_parent")).toBe(false);
    expect(isKnownField("watchlist_12")).toBe(true);
    expect(isKnownField("watchlist_x")).toBe(false);
    expect(isKnownField("alliance_score_nvd")).toBe(true);
  });
});
