// Takes the screenshot in the README, docs/web-client.png: a 1:1 chat with
// read receipts, and a group with an unread message in the list. Not part
// of npm test; run it after the page changed:
//
//   cd web/test && npm run screenshot
import { test } from "node:test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  convItem, desktop, messagesWithText, myLastStatus, openUser, send, startDirect, startNode, text, unread, until,
} from "./harness.mjs";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/web-client.png");

test("the README's screenshot", async () => {
  const node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" });
  node.imctl("user", "create", "carol", "--name", "Carol King");
  const alice = await openUser(node, "alice", "Alice Smith", { width: 1280, height: 760 });
  const bob = await openUser(node, "bob", "Bob Jones", desktop);
  await startDirect(alice.page, "bob");
  await send(alice.page, "Hi Bob! Are we still on for the demo tomorrow?");
  await until("bob to get the chat", async () => (await convItem(bob.page, "p:alice:bob").count()) === 1);
  await convItem(bob.page, "p:alice:bob").click();
  await send(bob.page, "Yes! I will show the web client and group chats.");
  await send(bob.page, "Slides: https://example.com/demo-slides");
  await until("alice to get the slides", async () => (await messagesWithText(alice.page, "demo-slides")) === 1);
  await send(alice.page, "Great, thanks! Let's share it with the team.");
  await until("alice to see 'read'", async () => (await myLastStatus(alice.page, "share it with the team")) === "read");
  node.imctl("group", "create", "launch", "--owner", "alice", "--name", "Launch crew", "--member", "bob", "--member", "carol");
  node.imctl("send", "--from", "carol", "--conv", "g:launch", "See you at 3 then.");
  await until("the group to be unread", async () => (await unread(alice.page, "g:launch")) > 0);
  await until("the group's name to show", async () => (await text(convItem(alice.page, "g:launch").locator("[data-testid=conv-title]"))) === "Launch crew");
  await alice.page.locator("[data-testid=composer-input]").blur();
  await alice.page.screenshot({ path: out });
});
