import { describe as group, expect, it } from "vitest";
import {
  countByType,
  decodeChildproc,
  decodeCrossproc,
  decodeFilemod,
  decodeModload,
  decodeNetconn,
  decodeProcessblock,
  decodeRegmod,
  describe,
  filterEvents,
  ipv4,
  timeline,
  type EventType,
} from "./events";

// Every string below is what the shared demo server (a replayed Carbon Black corpus and a real Linux sensor) answered
// on /api/v1…v4/process/<guid>/0/event.

group("event times and addresses", () => {
  it("turns v1–v3 signed 32-bit addresses into dotted quads and keeps v4's strings", () => {
    expect(ipv4(-1379741839)).toBe("173.194.207.113");
    expect(ipv4("-889163440")).toBe("203.0.113.80");
    expect(ipv4(-1407246848)).toBe("172.31.30.0");
    expect(ipv4(0)).toBe("0.0.0.0");
    expect(ipv4(2130706433)).toBe("127.0.0.1");
    expect(ipv4("203.0.113.80")).toBe("203.0.113.80");
    expect(ipv4("2001:db8::1")).toBe("2001:db8::1");
  });
});

group("netconns", () => {
  it("decodes the v1 string: remote address, the one port, protocol, domain, direction", () => {
    const e = decodeNetconn("2015-11-16 18:17:48.741|-1379741839|80|6|redirector.gvt1.com|true", "n");
    expect(e).toMatchObject({
      remoteIp: "173.194.207.113",
      remotePort: 80,
      protocol: "TCP",
      domain: "redirector.gvt1.com",
      direction: "outbound",
      localIp: null,
    });
    expect(describe(e)).toBe("TCP connection to 173.194.207.113:80 (redirector.gvt1.com)");
  });

  it("reads an inbound v1 port as the local one", () => {
    const e = decodeNetconn("2026-12-08 00:33:04.933|-889163440|3389|6||false", "n");
    expect(e).toMatchObject({ direction: "inbound", remotePort: null, localPort: 3389, domain: "" });
  });

  it("decodes the v2/v3 object with integer addresses", () => {
    const e = decodeNetconn(
      {
        timestamp: "2015-11-16 18:17:48.806",
        remote_ip: -1379793092,
        local_ip: -1407246848,
        proxy_ip: 0,
        remote_port: 80,
        local_port: 49386,
        proxy_port: 0,
        proto: 6,
        domain: "r6---sn-p5qlsnsr.gvt1.com",
        direction: "true",
      },
      "n",
    );
    expect(e).toMatchObject({ remoteIp: "173.194.7.60", localIp: "172.31.30.0", localPort: 49386, proxyIp: null });
    expect(describe(e)).toBe("TCP connection to 173.194.7.60:80 (r6---sn-p5qlsnsr.gvt1.com) from 172.31.30.0:49386");
  });

  it("decodes the v4 object with dotted addresses, UDP and a proxy", () => {
    const e = decodeNetconn(
      {
        timestamp: "2026-12-08 00:33:04.933",
        remote_ip: "203.0.113.80",
        local_ip: "192.0.2.2",
        proxy_ip: "198.51.100.7",
        remote_port: 53,
        local_port: 53000,
        proxy_port: 3128,
        proto: 17,
        domain: "",
        direction: "false",
      },
      "n",
    );
    expect(e).toMatchObject({ direction: "inbound", protocol: "UDP", proxyIp: "198.51.100.7", proxyPort: 3128 });
    expect(describe(e)).toBe("UDP connection from 203.0.113.80:53 to 192.0.2.2:53000 via proxy 198.51.100.7:3128");
    expect(e.time).toBe(Date.UTC(2026, 11, 8, 0, 33, 4, 933));
  });
});

group("modloads, filemods, regmods", () => {
  it("takes a modload's signature from the event document's binaries", () => {
    const binaries = { C62521E768AE51233ADAC0AEC558C2BE: { md5: "C62521E768AE51233ADAC0AEC558C2BE", digsig_result: "Signed" } };
    const known = decodeModload("2015-11-16 18:15:00.147|c62521e768ae51233adac0aec558c2be|c:\\windows\\system32\\tschannel.dll", "m", binaries);
    expect(known).toMatchObject({ md5: "c62521e768ae51233adac0aec558c2be", path: "c:\\windows\\system32\\tschannel.dll", signature: "Signed" });
    const unknown = decodeModload("2015-11-16 18:17:48.711|50700829f003bddc6d1b97cc6138b62f|c:\\windows\\system32\\qmgrprxy.dll", "m", binaries);
    expect(unknown.signature).toBeNull();
  });

  it("decodes filemods with and without an md5 and a file type", () => {
    const written = decodeFilemod(
      "8|2015-11-16 18:14:14.664|c:\\users\\administrator\\downloads\\unconfirmed 283715.crdownload|d41d8cd98f00b204e9800998ecf8427e|1|false",
      "f",
    );
    expect(written).toMatchObject({
      action: "Last wrote",
      path: "c:\\users\\administrator\\downloads\\unconfirmed 283715.crdownload",
      md5: "d41d8cd98f00b204e9800998ecf8427e",
      fileType: "PE",
      tampered: false,
    });
    const created = decodeFilemod("1|2015-11-16 18:15:00.194|c:\\windows\\tasks\\googleupdatetaskmachineua.job|||false", "f");
    expect(created).toMatchObject({ action: "Created", md5: "", fileType: "" });
    expect(describe(created)).toBe("Created c:\\windows\\tasks\\googleupdatetaskmachineua.job");
    expect(decodeFilemod("4|2015-11-16 18:15:00.194|/tmp/x|||true", "f")).toMatchObject({ action: "Deleted", tampered: true });
  });

  it("decodes regmods", () => {
    const e = decodeRegmod(
      "2|2015-11-16 18:14:18.546|\\registry\\a\\{156ffc7e-47b1-cf26-910e-44365ccedec0}\\root\\file\\f48e3bb6-8c83-11e5-8107-806e6f6e6963\\e00001fc17\\17|false",
      "r",
    );
    expect(e.action).toBe("First wrote");
    expect(e.path).toBe("\\registry\\a\\{156ffc7e-47b1-cf26-910e-44365ccedec0}\\root\\file\\f48e3bb6-8c83-11e5-8107-806e6f6e6963\\e00001fc17\\17");
    expect(decodeRegmod("8|2015-11-16 18:14:18.546|\\registry\\machine\\x", "r")).toMatchObject({ action: "Deleted value", tampered: false });
  });
});

group("cross-process and child process events", () => {
  it("decodes a ProcessOpen: target GUID, path, access mask", () => {
    const e = decodeCrossproc(
      "ProcessOpen|2015-11-16 18:13:57.257|00000002-0000-0f04-01d1-209a8f1063b4-000000000000|d82c445e3d484f31cd2638a4338e5fd9|c:\\windows\\system32\\calc.exe|1|5240|false",
      "x",
    );
    expect(e).toMatchObject({
      kind: "ProcessOpen",
      targetGuid: "00000002-0000-0f04-01d1-209a8f1063b4",
      targetMd5: "d82c445e3d484f31cd2638a4338e5fd9",
      targetPath: "c:\\windows\\system32\\calc.exe",
      handle: "process",
      accessMask: 5240,
      isTarget: false,
    });
    expect(describe(e)).toBe("Opened c:\\windows\\system32\\calc.exe (access 0x00001478)");
  });

  it("decodes a RemoteThread with its is_target flag", () => {
    const raw =
      "RemoteThread|2017-01-19 19:20:36.046|00000003-0000-0230-01d2-728918fad646-000000000000|52449fd429d6053b78ae564def303870|c:\\windows\\system32\\winlogon.exe|0|0|false|false";
    const e = decodeCrossproc(raw, "x");
    expect(e).toMatchObject({ kind: "RemoteThread", targetGuid: "00000003-0000-0230-01d2-728918fad646", handle: null, isTarget: false });
    expect(describe(e)).toBe("Injected a thread into c:\\windows\\system32\\winlogon.exe");
    expect(describe(decodeCrossproc(raw.replace(/false$/, "true"), "x"))).toBe("Thread injected by c:\\windows\\system32\\winlogon.exe");
  });

  it("decodes the v1/v2 child process string and the v3/v4 object alike", () => {
    const v1 = decodeChildproc(
      "2015-11-16 18:13:43.834|00000002-0000-0648-01d1-2099b5c22413-000000000000|7e10190f9497903ec69714d721809f8f|c:\\windows\\system32\\taskhostex.exe|1608|true|false",
      "c",
    );
    const v4 = decodeChildproc(
      {
        processId: "00000002-0000-0648-01d1-2099b5c22413",
        md5: "7e10190f9497903ec69714d721809f8f",
        path: "c:\\windows\\system32\\taskhostex.exe",
        pid: 1608,
        type: "start",
        start: "2015-11-16 18:13:43.834",
        end: null,
        is_suppressed: false,
        is_tampered: false,
        commandLine: "",
        userName: "",
      },
      "c",
    );
    for (const e of [v1, v4]) {
      expect(e).toMatchObject({
        childGuid: "00000002-0000-0648-01d1-2099b5c22413",
        md5: "7e10190f9497903ec69714d721809f8f",
        path: "c:\\windows\\system32\\taskhostex.exe",
        pid: 1608,
        started: true,
      });
      expect(e.time).toBe(Date.UTC(2015, 10, 16, 18, 13, 43, 834));
    }
    const ended = decodeChildproc(
      { processId: "00000005-0000-2e5b-01dd-86ab06098640", md5: "", path: "/usr/bin/java", pid: 11867, type: "end", start: "2026-12-08 00:28:18.980", end: "2026-12-08 00:28:28.422", commandLine: "java -version" },
      "c",
    );
    expect(ended.started).toBe(false);
    expect(ended.time).toBe(Date.UTC(2026, 11, 8, 0, 28, 28, 422));
    expect(describe(ended)).toBe("Ended /usr/bin/java (pid 11867) — java -version");
  });

  it("decodes a blocked process (a JSON string)", () => {
    const e = decodeProcessblock(
      '{"timestamp":"2015-12-18 20:30:03.017","block_type":1,"block_event":1,"block_result":0,"block_error":0,"blocked_md5":"a8524f6c3aff774911bca26ab8322602","blocked_path":"c:\\\\program files\\\\microsoft games\\\\hearts\\\\hearts.exe","blocked_cmdline":"\\"C:\\\\Program Files\\\\Microsoft Games\\\\hearts\\\\hearts.exe\\" ","blocked_uid":"S-1-5-21-3382350439-2970772701-2583938045-1000","blocked_username":"DANWIN764\\\\dan"}',
      "b",
    );
    expect(e).toMatchObject({ md5: "a8524f6c3aff774911bca26ab8322602", path: "c:\\program files\\microsoft games\\hearts\\hearts.exe" });
    expect(e.time).toBe(Date.UTC(2015, 11, 18, 20, 30, 3, 17));
  });
});

group("the merged timeline", () => {
  const doc = {
    modload_complete: ["2015-11-16 18:15:00.147|c62521e768ae51233adac0aec558c2be|c:\\windows\\system32\\tschannel.dll"],
    filemod_complete: ["2|2015-11-16 18:15:00.194|c:\\windows\\tasks\\googleupdatetaskmachineua.job|||false"],
    regmod_complete: ["1|2015-11-16 18:14:18.546|\\registry\\a\\key|false"],
    netconn_complete: ["2015-11-16 18:17:48.741|-1379741839|80|6|redirector.gvt1.com|true"],
    crossproc_complete: [
      "ProcessOpen|2015-11-16 18:13:54.116|00000002-0000-0ec8-01d1-209a8cddb554-000000000000|9361355721f51e3a25df53702d10e9de|c:\\windows\\system32\\dllhost.exe|1|5240|false",
    ],
    childproc_complete: ["2015-11-16 18:13:43.834|00000002-0000-0648-01d1-2099b5c22413-000000000000|7e10190f9497903ec69714d721809f8f|c:\\windows\\system32\\taskhostex.exe|1608|true|false"],
    processblock_complete: [],
  } as unknown as NonNullable<Parameters<typeof timeline>[0]>;

  it("merges every type in time order", () => {
    expect(timeline(doc).map((e) => e.type)).toEqual(["childproc", "crossproc", "regmod", "modload", "filemod", "netconn"]);
  });

  it("skips a malformed entry instead of failing the whole timeline", () => {
    const broken = { ...doc, processblock_complete: ["{not json"], netconn_complete: [null as unknown as string] } as typeof doc;
    const events = timeline(broken);
    expect(events.filter((e) => e.type === "netconn" || e.type === "processblock")).toHaveLength(0);
    expect(events).toHaveLength(5);
  });

  it("filters by type and by every word of the search", () => {
    const events = timeline(doc);
    const all = new Set<EventType>(["netconn", "modload", "filemod", "regmod", "crossproc", "childproc", "processblock"]);
    expect(filterEvents(events, new Set<EventType>(["netconn"]), "").map((e) => e.type)).toEqual(["netconn"]);
    expect(filterEvents(events, all, "173.194.207.113").map((e) => e.type)).toEqual(["netconn"]);
    expect(filterEvents(events, all, "SYSTEM32 dll").map((e) => e.type)).toEqual(["crossproc", "modload"]);
    expect(filterEvents(events, new Set<EventType>(["filemod"]), "tschannel")).toEqual([]);
    expect(countByType(events)).toMatchObject({ netconn: 1, modload: 1, processblock: 0 });
  });
});
