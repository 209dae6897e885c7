// Browser test of the Chorus web client: the tour a new pair of users
// takes. Two users in two headless Chromium profiles (one a phone), a third
// scripted with imctl: messages, unread counts, read receipts, a second
// tab, links, scroll-back, and catching up after the network drops. A
// second node with dev sign-up off checks signing in with a token issued
// through the server API. Each step saves a screenshot to the artifacts
// directory (see harness.mjs).
//
// Run: cd web/test && npm ci && npm test
import { test, before } from "node:test";
import assert from "node:assert/strict";
import {
  convItem, desktop, messagesWithText, myLastStatus, openBrowser, openUser, phone, send, shot, startDirect,
  startNode, status, unread, until, withLog,
} from "./harness.mjs";

let node; // the node of the chat test
let imctl;

before(async () => {
  node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" });
  imctl = node.imctl;
});

test("two people chat in the browser, with a group made by imctl", () => withLog(node, chat));

async function chat() {
  const alice = await openUser(node, "alice", "Alice", desktop);
  const bob = await openUser(node, "bob", "Bob", phone)
  await shot(alice.page, "01-alice-signed-in");
  await shot(bob.page, "01-bob-signed-in-phone");

  // 1:1: alice opens a chat with bob and writes.
  await startDirect(alice.page, "bob");
  await send(alice.page, "Hi Bob, how are you?");
  await until("alice's message to be shown as hers", async () => (await messagesWithText(alice.page, "Hi Bob, how are you?")) === 1);
  await until("bob's unread count to be 1", async () => (await unread(bob.page, "p:alice:bob")) === 1);
  assert.match(await convItem(bob.page, "p:alice:bob").locator("[data-testid=conv-last]").textContent(), /Hi Bob, how are you\?/);
  await shot(bob.page, "02-bob-sees-unread");

  // Bob reads it: his badge goes, alice sees the read receipt.
  await convItem(bob.page, "p:alice:bob").click();
  await until("bob to see the message", async () => (await messagesWithText(bob.page, "Hi Bob, how are you?")) === 1);
  await until("alice to see 'read'", async () => (await myLastStatus(alice.page, "Hi Bob, how are you?")) === "read");
  await send(bob.page, "Great, thanks!");
  await until("alice to get bob's reply", async () => (await messagesWithText(alice.page, "Great, thanks!")) === 1);
  await shot(alice.page, "03-alice-sees-read-receipt-and-reply");
  if (await bob.page.locator("[data-testid=back]").isVisible()) await bob.page.locator("[data-testid=back]").click();
  await until("bob's unread count to clear", async () => (await unread(bob.page, "p:alice:bob")) === 0);

  // An operator makes a group with a third user and writes as her.
  imctl("user", "create", "carol", "--name", "Carol");
  const created = JSON.parse(imctl("-o", "json", "group", "create", "team", "--owner", "alice", "--name", "Team", "--member", "bob", "--member", "carol"));
  assert.equal(created.group.memberCount, 3);
  imctl("send", "--from", "carol", "--conv", "g:team", "Hello from Carol");
  // The creation event and carol's message: two unread for each.
  await until("alice's group unread to be 2", async () => (await unread(alice.page, "g:team")) === 2);
  await until("bob's group unread to be 2", async () => (await unread(bob.page, "g:team")) === 2);
  await shot(alice.page, "04-group-from-imctl");

  // A second tab of bob's is kept in step with the first.
  const bobTab = await bob.context.newPage();
  await bobTab.goto(node.base + "/");
  await until("bob's second tab to be online", async () => (await status(bobTab)) === "online");
  await until("bob's second tab to show 2 unread", async () => (await unread(bobTab, "g:team")) === 2);

  // Alice opens the group and writes; bob reads it: "read by 1".
  await convItem(alice.page, "g:team").click();
  await until("alice to see carol's message", async () => (await messagesWithText(alice.page, "Hello from Carol")) === 1);
  await until("alice's group unread to clear", async () => (await unread(alice.page, "g:team")) === 0);
  await send(alice.page, "Hi team");
  await until("bob's group unread to be 3", async () => (await unread(bob.page, "g:team")) === 3);
  await convItem(bob.page, "g:team").click();
  await until("bob to see alice's group message", async () => (await messagesWithText(bob.page, "Hi team")) === 1);
  await until("alice to see 'read by 1'", async () => (await myLastStatus(alice.page, "Hi team")) === "read by 1");
  await until("bob's second tab to clear the group's unread", async () => (await unread(bobTab, "g:team")) === 0);
  await shot(bobTab, "05-bob-second-tab-in-step");
  await bobTab.close();
  const history = JSON.parse(imctl("-o", "json", "history", "g:team"));
  assert.ok(JSON.stringify(history).includes("Hi team"), "imctl history shows the message sent from the browser");
  await shot(alice.page, "05-group-read-by-1");

  // A link to an image, sent from the attach control, reaches bob as a
  // link.
  await alice.page.locator("[data-testid=attach]").click();
  await alice.page.locator("[data-testid=attach-url]").fill("https://cdn.example.com/team-photo.png");
  await alice.page.locator("[data-testid=attach-kind]").selectOption("image");
  await alice.page.locator("[data-testid=attach-send]").click();
  await until("bob to see the image link", async () =>
    (await bob.page.locator("[data-testid=message] [data-testid=message-text] a[href='https://cdn.example.com/team-photo.png']").count()) === 1);

  // Bob's network drops; he misses three messages and gets each once when
  // it is back.
  await bob.context.setOffline(true);
  await until("bob to be offline", async () => (await status(bob.page)) === "offline");
  for (const text of ["missed one", "missed two", "missed three"]) await send(alice.page, text);
  await until("alice to see her three messages", async () => (await messagesWithText(alice.page, "missed three")) === 1);
  assert.equal(await messagesWithText(bob.page, "missed one"), 0, "an offline page got a message");
  await shot(bob.page, "06-bob-offline");
  await bob.context.setOffline(false);
  await until("bob to be online again", async () => (await status(bob.page)) === "online", 30000);
  for (const text of ["missed one", "missed two", "missed three"]) {
    await until(`bob to see "${text}"`, async () => (await messagesWithText(bob.page, text)) >= 1);
  }
  // Exactly once each, in order.
  await new Promise((r) => setTimeout(r, 500));
  for (const text of ["missed one", "missed two", "missed three"]) {
    assert.equal(await messagesWithText(bob.page, text), 1, `"${text}" shown once`);
  }
  const order = await bob.page.locator("[data-testid=message-text]").allTextContents();
  const idx = ["missed one", "missed two", "missed three"].map((t) => order.findIndex((s) => s.includes(t)));
  assert.ok(idx[0] < idx[1] && idx[1] < idx[2], `missed messages out of order: ${idx}`);
  await shot(bob.page, "07-bob-back-online");
  await shot(alice.page, "08-alice-desktop");

  // Scroll-back: on a new device, a long 1:1 history opens at its newest
  // page; scrolling up loads older pages down to the first message.
  imctl("user", "create", "dave");
  for (let i = 1; i <= 70; i++) imctl("send", "--from", "carol", "--to", "dave", `history ${i}`);
  const dave = await openUser(node, "dave", "Dave", desktop);
  await until("dave's unread count to be 70", async () => (await unread(dave.page, "p:carol:dave")) === 70);
  await convItem(dave.page, "p:carol:dave").click();
  const exact = (n) => dave.page.locator("[data-testid=message-text]", { hasText: new RegExp(`^history ${n}$`) });
  await until("the newest message to show", async () => (await exact(70).count()) === 1);
  assert.equal(await exact(1).count(), 0, "the first page already held the oldest message");
  await until("scrolling up to reach the first message", async () => {
    await dave.page.locator(".messages").evaluate((el) => { el.scrollTop = 0; });
    return (await exact(1).count()) === 1;
  });
  const seen = await dave.page.locator("[data-testid=message][data-conv-id='p:carol:dave']").count();
  assert.equal(seen, 70, "every message of the history shows once");
  await shot(dave.page, "09-dave-scrolled-back");
}

test("with dev sign-up off, a token from the back end signs in", async () => {
  const prod = await startNode({ CHORUS_WEB_DEV_SIGNUP: "false" });
  const res = await fetch(prod.base + "/dev/signup", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userId: "mallory" }),
  });
  assert.equal(res.status, 404, "dev sign-up answered while turned off");
  prod.imctl("user", "create", "frank", "--name", "Frank");
  const token = prod.imctl("token", "frank").trim();
  const { page } = await openBrowser("frank", desktop, prod.base);
  assert.equal(await page.locator("[data-testid=signin-user]").count(), 0, "the dev sign-up form is shown while turned off");
  await page.locator("[data-testid=signin-token]").fill(token);
  await page.locator("[data-testid=signin-submit]").click();
  await until("frank to be signed in", async () => (await page.locator("[data-testid=me]").textContent())?.toLowerCase().includes("frank"));
  await until("frank to be online", async () => (await status(page)) === "online");
  prod.imctl("send", "--to", "frank", "Welcome, Frank");
  await until("frank's system message to show", async () => (await unread(page, "s:frank")) === 1);
  await shot(page, "10-token-sign-in");
});
