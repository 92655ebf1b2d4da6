import {
  asDirectory,
  baseName,
  commonPrefix,
  completions,
  joinPath,
  ParseError,
  parseLine,
  platformOf,
  resolvePath,
  scratchPath,
  tokenize,
} from "./commandLine";

describe("command lines", () => {
  it("keep Windows backslashes as they are, even before a closing quote", () => {
    expect(tokenize('cd "C:\\Program Files\\"', "windows")).toEqual(["cd", "C:\\Program Files\\"]);
    expect(tokenize("ls C:\\Windows\\System32", "windows")).toEqual(["ls", "C:\\Windows\\System32"]);
    expect(tokenize("get \\\\server\\share\\a.txt", "windows")).toEqual(["get", "\\\\server\\share\\a.txt"]);
  });

  it("group quoted words and join quotes inside a word, as shells do", () => {
    expect(tokenize("get 'my file.txt'  x", "windows")).toEqual(["get", "my file.txt", "x"]);
    expect(tokenize('get C:\\"Program Files"\\x', "windows")).toEqual(["get", "C:\\Program Files\\x"]);
    expect(tokenize('say ""', "windows")).toEqual(["say", ""]);
  });

  it("on Linux treat a backslash as an escape outside single quotes", () => {
    expect(tokenize("ls /tmp/my\\ dir", "posix")).toEqual(["ls", "/tmp/my dir"]);
    expect(tokenize('get "a\\"b"', "posix")).toEqual(["get", 'a"b']);
    expect(tokenize("get 'a\\b'", "posix")).toEqual(["get", "a\\b"]);
  });

  it("refuse an unterminated quote", () => {
    expect(() => tokenize('cd "C:\\Program Files', "windows")).toThrow(ParseError);
    expect(() => tokenize("cd 'x", "posix")).toThrow("unterminated single quote");
  });

  it("give the name in lower case and the rest as typed (exec passes it on unchanged)", () => {
    const p = parseLine('  EXEC cmd.exe /c "dir C:\\"  ', "windows");
    expect(p.name).toBe("exec");
    expect(p.rest).toBe('cmd.exe /c "dir C:\\"');
    expect(p.args).toEqual(["cmd.exe", "/c", "dir C:\\"]);
    expect(parseLine("   ", "windows")).toEqual({ name: "", args: [], rest: "" });
  });
});

describe("remote paths", () => {
  const cwd = "C:\\Windows\\system32";
  it("resolve relative Windows paths, dot-dot and forward slashes", () => {
    expect(resolvePath(cwd, "..\\Temp", "windows")).toBe("C:\\Windows\\Temp");
    expect(resolvePath(cwd, "drivers/etc", "windows")).toBe("C:\\Windows\\system32\\drivers\\etc");
    expect(resolvePath(cwd, "\\Users", "windows")).toBe("C:\\Users");
    expect(resolvePath(cwd, "/Users", "windows")).toBe("C:\\Users");
    expect(resolvePath(cwd, "d:\\x\\..\\y", "windows")).toBe("D:\\y");
    expect(resolvePath(cwd, "c:", "windows")).toBe("C:\\");
    expect(resolvePath("C:\\", "..\\..", "windows")).toBe("C:\\");
    expect(resolvePath(cwd, ".", "windows")).toBe(cwd);
    expect(resolvePath(cwd, "\\\\host\\share\\dir\\..\\f", "windows")).toBe("\\\\host\\share\\f");
  });

  it("resolve POSIX paths", () => {
    expect(resolvePath("/var/log", "../tmp", "posix")).toBe("/var/tmp");
    expect(resolvePath("/var/log", "/etc/./ssh/", "posix")).toBe("/etc/ssh");
    expect(resolvePath("/", "..", "posix")).toBe("/");
    expect(resolvePath("/home/alice", "my dir", "posix")).toBe("/home/alice/my dir");
  });

  it("list a directory with its trailing separator and join names to it", () => {
    expect(asDirectory("C:\\Windows", "windows")).toBe("C:\\Windows\\");
    expect(asDirectory("C:\\", "windows")).toBe("C:\\");
    expect(asDirectory("/", "posix")).toBe("/");
    expect(asDirectory("/etc", "posix")).toBe("/etc/");
    expect(joinPath("C:\\Temp", "tool.exe", "windows")).toBe("C:\\Temp\\tool.exe");
    expect(joinPath("/", "x", "posix")).toBe("/x");
  });

  it("name a download after the remote file", () => {
    expect(baseName("C:\\Windows\\win.ini", "windows")).toBe("win.ini");
    expect(baseName("/etc/hostname", "posix")).toBe("hostname");
    expect(baseName("C:\\", "windows")).toBe("C");
  });

  it("put scratch files in the host's temp directory", () => {
    expect(scratchPath("windows", "out", ".txt", 0)).toMatch(/^C:\\Windows\\Temp\\out-0[0-9a-z]*\.txt$/);
    expect(scratchPath("posix", "dump", ".core", 0)).toMatch(/^\/tmp\/dump-0[0-9a-z]*\.core$/);
  });

  it("know the platform from os_type, else from the drives", () => {
    expect(platformOf(1)).toBe("windows");
    expect(platformOf(3)).toBe("posix");
    expect(platformOf(undefined, ["C:\\"])).toBe("windows");
    expect(platformOf(undefined, ["/"])).toBe("posix");
  });
});

describe("completion of command names", () => {
  it("finds the commands starting with what was typed", () => {
    expect(completions("p")).toEqual(["ps", "put", "pwd"]);
    expect(completions("ME")).toEqual(["memdump"]);
    expect(completions("zz")).toEqual([]);
    expect(commonPrefix(["ps", "put", "pwd"])).toBe("p");
    expect(commonPrefix(["clear", "cd"])).toBe("c");
  });
});
