// What every browser test of the web client shares: real nodes (the access
// binary on free ports, a fresh data directory each), headless Chromium
// profiles, the operator CLI, polling and screenshots, and a few ways of
// reading what a person sees on the page.
//
// Binaries: $CHORUS_ACCESS_BIN and $CHORUS_IMCTL_BIN, else they are built
// with `go build` into a temporary directory (once per test file).
// Chromium: $CHROMIUM, else `command -v chromium`. Screenshots go to
// $CHORUS_ARTIFACTS, default web/test/artifacts.
import { after } from "node:test";
import { spawn, execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
export const artifacts = process.env.CHORUS_ARTIFACTS || path.join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });

const flags = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

const nodes = []; // every access process started here
const browsers = []; // every Chromium context started here
let accessBin;
let imctlBin;

after(async () => {
  for (const b of browsers) await b.close().catch(() => {});
  for (const n of nodes) n.proc.kill("SIGTERM");
});

function binary(envName, pkg) {
  if (process.env[envName]) return process.env[envName];
  const out = path.join(mkdtempSync(path.join(tmpdir(), "chorus-bin-")), path.basename(pkg));
  execFileSync("go", ["build", "-o", out, pkg], { cwd: repo, stdio: "inherit" });
  return out;
}

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  return execFileSync("sh", ["-c", "command -v chromium"]).toString().trim();
}

/**
 * startNode runs the access binary on free ports with a fresh data
 * directory, env on top of the test's own, and optionally a TOML config
 * file; it waits until the node serves. The result:
 * {proc, base, tcp, dataDir, log, imctl(...args)}.
 */
export async function startNode(env = {}, config = "") {
  accessBin ??= binary("CHORUS_ACCESS_BIN", "./cmd/access");
  imctlBin ??= binary("CHORUS_IMCTL_BIN", "./cmd/imctl");
  const n = { dataDir: mkdtempSync(path.join(tmpdir(), "chorus-e2e-")), log: "" };
  const args = [];
  if (config) {
    const file = path.join(n.dataDir, "access.toml");
    writeFileSync(file, config);
    args.push("-conf", file);
  }
  n.proc = spawn(accessBin, args, {
    env: {
      ...process.env,
      CHORUS_DATA_DIR: n.dataDir,
      CHORUS_HTTP_ADDR: "127.0.0.1:0",
      CHORUS_TCP_ADDR: "127.0.0.1:0",
      CHORUS_LOG_FORMAT: "json",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  nodes.push(n);
  const collect = (b) => { n.log += b.toString(); };
  n.proc.stdout.on("data", collect);
  n.proc.stderr.on("data", collect);
  const serving = await until("the node to start", () => {
    for (const line of n.log.split("\n")) {
      if (line.includes('"chorus node serving"')) return JSON.parse(line);
    }
    return null;
  }, 30000);
  n.base = "http://" + serving.http;
  n.tcp = serving.tcp;
  // imctl runs the operator CLI against this node and returns its stdout.
  n.imctl = (...a) => execFileSync(imctlBin, [
    "--server", n.base, "--api-key-file", path.join(n.dataDir, "api-key"), "--tcp", n.tcp, ...a,
  ]).toString();
  n.json = (...a) => JSON.parse(n.imctl("-o", "json", ...a));
  await until("healthz", async () => (await fetch(n.base + "/healthz")).ok);
  return n;
}

/** withLog runs fn and prints the end of the node's log when it fails. */
export async function withLog(n, fn) {
  try {
    await fn();
  } catch (err) {
    console.error("node log (last 8 KiB):\n" + n.log.slice(-8192));
    throw err;
  }
}

/** until polls fn until it returns a truthy value, or fails with what. */
export async function until(what, fn, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

/** openBrowser starts a fresh Chromium profile (its own device id) at url. */
export async function openBrowser(label, viewport, url) {
  const profile = mkdtempSync(path.join(tmpdir(), `chorus-profile-${label}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(), headless: true, args: flags, viewport,
  });
  browsers.push(context);
  const page = context.pages()[0] || (await context.newPage());
  page.on("pageerror", (err) => console.error(`[${label} page error]`, err));
  await page.goto(url + "/");
  return { context, page };
}

/** openUser starts a fresh browser profile on node n and signs up as user. */
export async function openUser(n, user, name, viewport = desktop) {
  const { context, page } = await openBrowser(user, viewport, n.base);
  await page.locator("[data-testid=signin-user]").fill(user);
  await page.locator("[data-testid=signin-name]").fill(name);
  await page.locator("[data-testid=signin-submit]").click();
  await until(`${user} to be online`, async () => (await status(page)) === "online");
  return { context, page };
}

export async function status(page) {
  const [t] = await page.locator("[data-testid=connection-status]").allTextContents();
  return t?.trim();
}

export const convItem = (page, id) => page.locator(`[data-testid=conv-item][data-conv-id="${id}"]`);

/** text is the trimmed text of the first element matching loc, without waiting ("" if none). */
export async function text(loc) {
  const [t] = await loc.allTextContents();
  return (t ?? "").trim();
}

export async function unread(page, id) {
  // allTextContents does not wait: the badge may vanish at any moment.
  const t = await text(convItem(page, id).locator("[data-testid=conv-unread]"));
  return t ? Number(t) : 0;
}

export async function send(page, message) {
  await page.locator("[data-testid=composer-input]").fill(message);
  await page.locator("[data-testid=composer-send]").click();
}

/** messagesWithText counts the messages of the open chat showing s. */
export async function messagesWithText(page, s) {
  return page.locator("[data-testid=message]", { has: page.locator("[data-testid=message-text]", { hasText: s }) }).count();
}

/** myMessage is the last of my messages in the open chat showing s. */
export const myMessage = (page, s) =>
  page.locator("[data-testid=message][data-mine=true]", { has: page.locator("[data-testid=message-text]", { hasText: s }) }).last();

export async function myLastStatus(page, s) {
  return text(myMessage(page, s).locator("[data-testid=message-status]"));
}

/** startDirect opens a 1:1 chat with peer from the New chat form. */
export async function startDirect(page, peer) {
  await page.locator("[data-testid=new-chat]").click();
  await page.locator("[data-testid=new-chat-user]").fill(peer);
  await page.locator("[data-testid=new-chat-submit]").click();
}

/** deviceId is the device id the page's client library keeps. */
export const deviceId = (page) => page.evaluate(() => localStorage.getItem("chorus.deviceId"));

/**
 * jwt signs an HS256 token for user with secret (a node started with
 * CHORUS_AUTH_SECRET), expiring expSec from now (negative: already expired).
 */
export function jwt(secret, user, expSec) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: user, iss: "chorus", iat: now - 600, exp: now + expSec })}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}
