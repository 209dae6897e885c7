// Builds dist/ from src/: the page (index.html, app.js, app.css, favicon.svg) and the
// standalone client library (chorus-client.js, an ES module). The output
// is committed and embedded into the Go binary (embed.go); CI rebuilds it
// and fails when it differs, so the build must be deterministic: no
// sourcemaps, no timestamps, no absolute paths.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");

const common = {
  bundle: true,
  format: "esm",
  target: "es2020",
  platform: "browser",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
};

await build({ ...common, entryPoints: ["src/app/main.ts"], outfile: "dist/app.js" });
await build({ ...common, entryPoints: ["src/lib/index.ts"], outfile: "dist/chorus-client.js", minify: false });
await build({ ...common, entryPoints: ["src/app/app.css"], outfile: "dist/app.css", format: undefined });
copyFileSync("src/app/index.html", "dist/index.html");
copyFileSync("src/app/favicon.svg", "dist/favicon.svg");
console.log("built dist/");
