// Builds the page into ../BoneCds.Api/wwwroot/app (committed, so `dotnet run` needs no Node). CI runs this again and fails on
// any difference (.ci/smart-app.sh). Deterministic: no timestamps, no source maps, fixed targets.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const out = new URL("../BoneCds.Api/wwwroot/app/", import.meta.url);
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

// fhirclient's browser entry requires these only where the browser lacks fetch or WebCrypto (every supported browser has both,
// and a SMART launch needs a secure context anyway): left out of the bundle.
const unused = { name: "unused-polyfills", setup(b) {
  b.onResolve({ filter: /^(isomorphic-webcrypto|cross-fetch|abortcontroller-polyfill\/.*)$/ }, args => ({ path: args.path, namespace: "unused" }));
  b.onLoad({ filter: /.*/, namespace: "unused" }, () => ({ contents: "module.exports = {};" }));
} };

await build({
  entryPoints: ["src/launch.js", "src/app.js", "src/committee.js"],
  outdir: out.pathname, bundle: true, minify: true, format: "iife", target: ["chrome110", "firefox110", "safari16"],
  legalComments: "eof", platform: "browser", plugins: [unused], logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
});
for (const file of ["index.html", "launch.html", "committee.html", "app.css"]) await copyFile(new URL(`src/${file}`, import.meta.url), new URL(file, out));
