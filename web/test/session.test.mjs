// Signing in and being signed out (items: one person in two browsers
// kicked themself out; a signed-out page left only a red dot; a wrong token
// showed nothing and Enter did not submit). The node lets browsers of one
// user stay side by side; a page that the node signs out keeps a banner
// that says why, with a way back in; the token form says why a token was
// refused; a development session renews an expired token by itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  convItem, desktop, deviceId, jwt, messagesWithText, openBrowser, openUser, phone, send, shot, startDirect,
  startNode, status, text, until, withLog,
} from "./harness.mjs";

const secret = "e2e-secret-0123456789abcdef0123456789abcdef";
const banner = (page) => page.locator("[data-testid=session-banner]");

test("two browsers of one person stay online; a kicked page says why", async () => {
  const node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" });
  await withLog(node, async () => {
    node.imctl("user", "create", "bob", "--name", "Bob");
    const laptop = await openUser(node, "alice", "Alice", desktop);
    const phoneB = await openUser(node, "alice", "Alice", phone);
    // The phone signed in after the laptop: a message it sends reaching the
    // laptop shows that the laptop is still connected.
    await startDirect(phoneB.page, "bob");
    await send(phoneB.page, "sent from my phone");
    await until("the laptop to get the phone's message", async () =>
      (await convItem(laptop.page, "p:alice:bob").count()) === 1);
    assert.equal(await status(laptop.page), "online", "the laptop went offline when the phone signed in");
    assert.equal(await banner(laptop.page).count(), 0, "the laptop was signed out when the phone signed in");
    const devices = new Set((node.json("sessions", "alice").sessions ?? []).map((s) => s.deviceId));
    assert.equal(devices.size, 2, `alice's devices online: ${[...devices]}`);
    await shot(laptop.page, "session-01-laptop-beside-phone");

    // An operator signs the laptop out: it says so and stays saying so.
    const dev = await deviceId(laptop.page);
    node.imctl("kick", "alice", dev, "--reason", "signed out by the help desk");
    await until("the laptop to show why it was signed out", async () =>
      /signed out by the help desk/.test(await text(banner(laptop.page))));
    assert.equal(await status(laptop.page), "offline");
    // A passing notice fades; the banner does not.
    await until("notices to fade", async () => (await laptop.page.locator(".toast.show").count()) === 0);
    assert.ok(await banner(laptop.page).isVisible(), "the banner went away");
    assert.equal(await status(phoneB.page), "online", "the phone was signed out with the laptop");
    await shot(laptop.page, "session-02-kicked-banner");

    // Signing in again from the banner brings the laptop back.
    await banner(laptop.page).locator("[data-testid=session-banner-action]").click();
    await until("the laptop to be online again", async () => (await status(laptop.page)) === "online");
    assert.equal(await banner(laptop.page).count(), 0, "the banner stayed after signing in again");
    await convItem(laptop.page, "p:alice:bob").click();
    await until("the laptop to show the chat", async () => (await messagesWithText(laptop.page, "sent from my phone")) === 1);
  });
});

test("the token form says why a token was refused; Enter submits", async () => {
  const node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "false", CHORUS_AUTH_SECRET: secret });
  await withLog(node, async () => {
    node.imctl("user", "create", "frank", "--name", "Frank Ocean");
    const { page } = await openBrowser("frank-token", desktop, node.base);
    const field = page.locator("[data-testid=signin-token]");
    const error = page.locator("[data-testid=signin-error]");

    await field.fill(jwt("some-other-secret-0123456789abcdef0123", "frank", 3600));
    await field.press("Enter");
    await until("the reason to show", async () => /bad signature/.test(await text(error)));
    assert.match(await text(error), /not accepted/i);
    assert.equal(await field.count(), 1, "the sign-in form went away");
    await shot(page, "session-03-token-refused");

    await field.fill(jwt(secret, "frank", -3600));
    await field.press("Enter");
    await until("the expiry to show", async () => /expired/i.test(await text(error)));

    await field.fill(jwt(secret, "frank", 3600));
    await field.press("Enter");
    await until("frank to be online", async () => (await status(page)) === "online");
    await until("frank's name to show", async () => (await text(page.locator("[data-testid=me]"))) === "Frank Ocean");
  });
});

test("a development session renews an expired token", async () => {
  const node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true", CHORUS_AUTH_SECRET: secret });
  await withLog(node, async () => {
    const { page } = await openUser(node, "gina", "Gina", desktop);
    // The stored token expired (the laptop slept for a day), while the
    // page still believes it is good.
    const expired = jwt(secret, "gina", -3600);
    await page.evaluate((token) => {
      const s = JSON.parse(localStorage.getItem("chorus.session"));
      localStorage.setItem("chorus.session", JSON.stringify({ ...s, token, expiresAtMs: Date.now() + 86400000 }));
    }, expired);
    await page.reload();
    await until("gina to be online again", async () => (await status(page)) === "online");
    assert.equal(await page.locator("[data-testid=signin-user]").count(), 0, "the page asked to sign in again");
    assert.equal(await banner(page).count(), 0);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("chorus.session")).token);
    assert.notEqual(stored, expired, "the expired token is still stored");
    await shot(page, "session-04-renewed");
  });
});

test("a development session whose token expires while online comes back with a new one", async () => {
  // Tokens live 5 s here, and the node closes a session the moment its
  // token expired (TOKEN_EXPIRED): the page signs up again by itself.
  const node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" }, '[auth]\ntoken_ttl = "5s"\nclock_skew = "0s"\n');
  await withLog(node, async () => {
    node.imctl("user", "create", "bob", "--name", "Bob");
    const { page } = await openUser(node, "hana", "Hana", desktop);
    await until("hana to be online", async () => (await status(page)) === "online");
    const token = () => page.evaluate(() => JSON.parse(localStorage.getItem("chorus.session")).token);
    const first = await token();
    await until("the page to hold a new token after the first expired", async () => (await token()) !== first, 20000);
    await until("hana to be online again", async () => (await status(page)) === "online");
    assert.equal(await banner(page).count(), 0, "the page was signed out when its token expired");
    node.imctl("send", "--from", "bob", "--to", "hana", "after the renewal");
    await until("hana to get bob's message", async () => (await convItem(page, "p:bob:hana").count()) === 1);
  });
});
