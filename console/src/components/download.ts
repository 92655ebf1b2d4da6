// Hands a file fetched by the console (requestBlob) to the browser to save.

export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser has started reading it by now; the memory goes with the URL.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
