import { ApiError, requestBlob, setUnauthorizedHandler } from "./client";

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(null);
});

function answer(response: Response) {
  const fetchMock = vi.fn(async () => response);
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("downloads", () => {
  it("come as a Blob with the name the server gave, asked with the session cookie", async () => {
    const fetchMock = answer(
      new Response(new Uint8Array([0x50, 0x4b, 3, 4]), {
        headers: { "Content-Type": "application/zip", "Content-Disposition": 'attachment; filename="sensor-1-linux.tar.gz"' },
      }),
    );
    const d = await requestBlob("/api/v1/group/1/installer/linux", { accept: "application/gzip" });
    expect(d.filename).toBe("sensor-1-linux.tar.gz");
    expect(d.blob.size).toBe(4);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/group/1/installer/linux");
    expect(init.credentials).toBe("same-origin");
    expect((init.headers as Record<string, string>).Accept).toBe("application/gzip");
  });

  it("read RFC 5987 names, and none when the server gives none", async () => {
    answer(new Response("x", { headers: { "Content-Disposition": "attachment; filename*=UTF-8''memory%20dump.core" } }));
    expect((await requestBlob("/f")).filename).toBe("memory dump.core");
    answer(new Response("x"));
    expect((await requestBlob("/f")).filename).toBeNull();
  });

  it("fail with the server's reason and message, as every call does", async () => {
    answer(new Response(JSON.stringify({ reason: "no_installer", message: "no Windows installer is built" }), { status: 404 }));
    const e = await requestBlob("/api/v1/group/1/installer/windows/exe").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 404, reason: "no_installer", message: "no Windows installer is built" });
  });

  it("end the console's session on a 401, as every call does", async () => {
    const ended = vi.fn();
    setUnauthorizedHandler(ended);
    answer(new Response(JSON.stringify({ reason: "unauthorized", message: "log in" }), { status: 401 }));
    await expect(requestBlob("/api/v1/binary/X")).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
