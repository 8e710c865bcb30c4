// Builds the page into ../BoneCds.Api/wwwroot/app (committed, so `dotnet run` needs no Node). CI runs this again and fails on
// any difference (.ci/smart-app.sh). Deterministic: no timestamps, no source maps, fixed targets.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const out = new URL("../BoneCds.Api/wwwroot/app/", import.meta.url);
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

// fhirclient's browser entry requires these only outside its "pure" mode or where the browser lacks WebCrypto (every supported
// browser has it in a secure context, which a SMART launch needs anyway): left out of the bundle.
const unused = {
    name: "unused-polyfills",
    setup(b) {
        b.onResolve({ filter: /^(isomorphic-webcrypto|cross-fetch|abortcontroller-polyfill\/.*)$/ }, (args) => ({
            path: args.path,
            namespace: "unused",
        }));
        b.onLoad({ filter: /.*/, namespace: "unused" }, () => ({ contents: "module.exports = {};" }));
    },
};

await build({
    entryPoints: ["src/launch.js", "src/app.js", "src/committee.js"],
    // ES modules with shared chunks: Plot (and d3) are loaded once for the page and the committee view.
    outdir: out.pathname,
    bundle: true,
    minify: true,
    format: "esm",
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    target: ["chrome110", "firefox110", "safari16"],
    legalComments: "eof",
    platform: "browser",
    plugins: [unused],
    logLevel: "warning",
    // fhirclient's "pure" build for current browsers: window.fetch and WebCrypto, no polyfills.
    define: { "process.env.NODE_ENV": '"production"', FHIRCLIENT_PURE: "true" },
});
for (const file of ["index.html", "launch.html", "committee.html", "app.css"])
    await copyFile(new URL(`src/${file}`, import.meta.url), new URL(file, out));
