// @vitest-environment node
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

// The budget for the first load: what index.html makes the browser fetch before the first page shows (its
// script, style sheets and module preloads, and every module the entry statically imports), gzipped as the server
// sends it. The pages' own chunks load when first visited and are not counted.
const BUDGET_BYTES = 400 * 1024;
const OUT = fileURLToPath(new URL("../target/classes/console", import.meta.url));
const built = existsSync(join(OUT, "index.html"));

if (!built) console.warn(`bundle size: no build at ${OUT} (npm run build makes one); the check is skipped`);

/** The files index.html names: module scripts, style sheets and module preloads, as paths under the output. */
export function initialFiles(html: string): string[] {
  const files: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}=["']([^"']+)["']`).exec(tag)?.[1];
    const rel = attr("rel");
    const url = tag.startsWith("<script") ? attr("src") : rel === "stylesheet" || rel === "modulepreload" ? attr("href") : undefined;
    if (url && !/^[a-z]+:/i.test(url)) files.push(url.replace(/^\//, ""));
  }
  return files;
}

/** The modules a built chunk imports statically (`import ... from "./x.js"`, `import "./x.js"`, `export ... from`). */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.m?js)["']/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]);
  return out;
}

/** Every file of the first load: index.html's, and what their scripts import, followed to the end. */
export function firstLoad(out: string): Map<string, number> {
  const html = readFileSync(join(out, "index.html"), "utf8");
  const sizes = new Map<string, number>([["index.html", gzipSync(html).length]]);
  const queue = initialFiles(html);
  while (queue.length > 0) {
    const file = posix.normalize(queue.shift()!);
    if (sizes.has(file)) continue;
    const bytes = readFileSync(join(out, file));
    sizes.set(file, gzipSync(bytes).length);
    if (file.endsWith(".js")) {
      for (const spec of staticImports(bytes.toString("utf8"))) {
        queue.push(spec.startsWith("/") ? spec.slice(1) : posix.join(dirname(file), spec));
      }
    }
  }
  return sizes;
}

describe("the first load", () => {
  it.skipIf(!built)(`is under ${BUDGET_BYTES / 1024} KB gzipped`, () => {
    const sizes = firstLoad(OUT);
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    const list = [...sizes].map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(", ");
    console.log(`bundle size: first load ${(total / 1024).toFixed(1)} KB gzipped (${list})`);
    expect(sizes.size).toBeGreaterThan(1); // index.html and at least its script
    expect(total).toBeLessThan(BUDGET_BYTES);
  });
});

describe("the build's file list", () => {
  // The server serves exactly the files lampblack-files.json names: one the list misses (index.html once was) is a
  // console that is "not available".
  it.skipIf(!built)("names every file the build wrote", () => {
    const listed = JSON.parse(readFileSync(join(OUT, "lampblack-files.json"), "utf8")) as string[];
    const written = readdirSync(OUT, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(OUT, join(d.parentPath, d.name)).split(sep).join("/"))
      .sort();
    expect(listed).toContain("index.html");
    expect([...listed].sort()).toEqual(written);
  });
});

describe("reading what the first load is", () => {
  it("takes index.html's scripts, style sheets and preloads, not its icons", () => {
    const html = `<head><link rel="icon" href="/favicon.svg"><script type="module" crossorigin src="/assets/index-a.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/react-b.js"><link rel="stylesheet" crossorigin href="/assets/index-c.css"></head>`;
    expect(initialFiles(html)).toEqual(["assets/index-a.js", "assets/react-b.js", "assets/index-c.css"]);
  });

  it("follows static imports of a minified chunk but not dynamic ones", () => {
    const code = `import{j as e,r as t}from"./react-b.js";import"./side-d.js";export{x}from"./more-e.js";const p=()=>import("./SearchPage-f.js");`;
    expect(staticImports(code)).toEqual(["./react-b.js", "./side-d.js", "./more-e.js"]);
  });
});
