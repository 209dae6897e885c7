// The page around the chat (item: no unread count in the tab title, no
// favicon, a landing background that stopped a third of the way down).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { convItem, desktop, openBrowser, openUser, phone, shot, startNode, until, withLog } from "./harness.mjs";

let node;
before(async () => {
  node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" });
});

test("the landing background fills the window; the page has an icon", () => withLog(node, async () => {
  for (const [label, viewport] of [["desktop", desktop], ["phone", phone]]) {
    const { page } = await openBrowser(`landing-${label}`, viewport, node.base);
    await page.locator("[data-testid=signin-user]").waitFor();
    // The bottom corners of the window show the sign-in background.
    const filled = await page.evaluate(() =>
      [[2, innerHeight - 2], [innerWidth - 2, innerHeight - 2]].every(([x, y]) => document.elementFromPoint(x, y)?.closest(".signin")));
    assert.ok(filled, `the ${label} landing background does not reach the bottom`);
    await shot(page, `page-01-landing-${label}`);
  }
  const { page } = await openBrowser("icon", desktop, node.base);
  const href = await page.locator("link[rel~=icon]").getAttribute("href");
  assert.ok(href, "no icon link");
  const res = await fetch(new URL(href, node.base));
  assert.equal(res.status, 200, `GET ${href}`);
  assert.match(res.headers.get("content-type"), /^image\//);
}));

test("the tab title counts unread messages", () => withLog(node, async () => {
  node.imctl("user", "create", "bob", "--name", "Bob");
  const { page } = await openUser(node, "alice", "Alice", desktop);
  await until("the title to be plain", async () => (await page.title()) === "Chorus");
  for (const t of ["one", "two", "three"]) node.imctl("send", "--from", "bob", "--to", "alice", t);
  await until("the title to count 3 unread", async () => (await page.title()) === "(3) Chorus");
  await shot(page, "page-02-unread-in-title");
  await convItem(page, "p:alice:bob").click();
  await until("the title to be plain again", async () => (await page.title()) === "Chorus");
}));
