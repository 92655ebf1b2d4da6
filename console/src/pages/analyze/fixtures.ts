// Documents shaped as the demo server answers them (a replayed Windows corpus), for the tests of this area.

import type { ProcessDoc, ProcessEvents, ProcessSummary, SegmentInfo } from "../../api/analysis";

let pid = 4000;

/** A GUID for sensor 2 with a distinct pid part. */
export function guid(n: number): string {
  return `00000002-0000-${n.toString(16).padStart(4, "0")}-01d1-2098328608a8`;
}

export function processDoc(over: Partial<ProcessDoc> & { id: string }): ProcessDoc {
  const p = over.process_pid ?? pid++;
  return {
    unique_id: `${over.id}-01a25309cb7a`,
    segment_id: 1796689480570,
    process_name: "svchost.exe",
    path: "c:\\windows\\system32\\svchost.exe",
    cmdline: "C:\\Windows\\system32\\svchost.exe -k netsvcs",
    process_md5: "e3a2ad05e24105b35e986cf9cb38ec47",
    process_pid: p,
    username: "SYSTEM",
    hostname: "WIN-OTEMNUTBS23",
    group: "Default Group",
    os_type: "windows",
    sensor_id: 2,
    start: "2015-11-16T17:57:02.521Z",
    last_update: "2015-11-16T19:51:48.931Z",
    terminated: false,
    modload_count: 19,
    filemod_count: 47,
    regmod_count: 115,
    netconn_count: 10,
    childproc_count: 0,
    crossproc_count: 18,
    processblock_count: 0,
    parent_id: "",
    ...over,
  };
}

export function summary(process: ProcessDoc, parent: ProcessDoc | null, children: ProcessDoc[], siblings: ProcessDoc[] = []): ProcessSummary {
  return { process, parent: parent ?? {}, children, siblings };
}

/** A segment's events per type as the segment list counts them: none but those given. */
const counts = (some: Partial<SegmentInfo["event_counts"]>): SegmentInfo["event_counts"] => ({
  modload: 0,
  filemod: 0,
  regmod: 0,
  netconn: 0,
  childproc: 0,
  crossproc: 0,
  processblock: 0,
  emet: 0,
  ...some,
});

export const SEGMENTS: SegmentInfo[] = [
  {
    unique_id: "x-01a25309ca5b",
    segment_id: 1796689480283,
    last_update: "2015-11-16T18:13:57.257Z",
    last_server_update: "2015-11-16T18:14:01.112Z",
    event_counts: counts({ childproc: 1, crossproc: 2 }),
  },
  {
    unique_id: "x-01a25309ca70",
    segment_id: 1796689480304,
    last_update: "2015-11-16T18:14:29.076Z",
    last_server_update: "2015-11-16T18:14:33.540Z",
    event_counts: counts({ regmod: 75, crossproc: 4 }),
  },
];

/** The v4 events of the svchost.exe of the demo corpus, a few of each type. */
export function eventsDoc(doc: ProcessDoc): ProcessEvents {
  return {
    elapsed: 0.004,
    process: {
      ...doc,
      modload_complete: [
        "2015-11-16 18:15:00.147|c62521e768ae51233adac0aec558c2be|c:\\windows\\system32\\tschannel.dll",
        "2015-11-16 18:17:48.711|50700829f003bddc6d1b97cc6138b62f|c:\\windows\\system32\\qmgrprxy.dll",
      ],
      filemod_complete: ["2|2015-11-16 18:15:00.194|c:\\windows\\tasks\\googleupdatetaskmachineua.job|||false"],
      regmod_complete: ["1|2015-11-16 18:14:18.546|\\registry\\a\\{156ffc7e-47b1-cf26-910e-44365ccedec0}\\root|false"],
      netconn_complete: [
        {
          timestamp: "2015-11-16 18:17:48.741",
          remote_ip: "173.194.207.113",
          local_ip: "172.31.30.0",
          proxy_ip: "0.0.0.0",
          remote_port: 80,
          local_port: 49385,
          proxy_port: 0,
          proto: 6,
          domain: "redirector.gvt1.com",
          direction: "true",
        },
      ],
      childproc_complete: [
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
      ],
      crossproc_complete: [
        "ProcessOpen|2015-11-16 18:13:54.116|00000002-0000-0ec8-01d1-209a8cddb554-000000000000|9361355721f51e3a25df53702d10e9de|c:\\windows\\system32\\dllhost.exe|1|5240|false",
      ],
      processblock_complete: [],
      binaries: {
        C62521E768AE51233ADAC0AEC558C2BE: { md5: "C62521E768AE51233ADAC0AEC558C2BE", digsig_result: "Signed" },
      },
    },
  };
}
