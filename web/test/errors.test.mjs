// Errors in words (item: the page showed "USER_NOT_FOUND: no such user"
// and left a ghost chat after New chat with a user that does not exist).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { convItem, desktop, openUser, send, shot, startDirect, startNode, text, until, withLog } from "./harness.mjs";

let node;
before(async () => {
  node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" });
});

const raw = /\b[A-Z]+_[A-Z_]+\b/; // a catalogue code name, e.g. USER_NOT_FOUND

test("a chat with nobody is refused in words, with no ghost chat", () => withLog(node, async () => {
  node.imctl("user", "create", "bob", "--name", "Bob Jones");
  const { page } = await openUser(node, "alice", "Alice", desktop);
  await startDirect(page, "nobody");
  const error = page.locator("[data-testid=new-chat-error]");
  await until("the form to say there is no such user", async () => /no user/i.test(await text(error)));
  assert.doesNotMatch(await text(error), raw);
  assert.match(await text(error), /nobody/);
  assert.equal(await convItem(page, "p:alice:nobody").count(), 0, "a ghost chat was added to the list");
  await shot(page, "errors-01-no-such-user");

  // The form is still there: a user who exists opens the chat.
  await page.locator("[data-testid=new-chat-user]").fill("bob");
  await page.locator("[data-testid=new-chat-submit]").click();
  await until("the chat with bob to open", async () => (await text(page.locator("[data-testid=chat-title]"))) === "Bob Jones");
  assert.equal(await text(error), "", "the old error stayed");
  assert.equal(await convItem(page, "p:alice:nobody").count(), 0);
}));

test("a send refused by the node says why in words", () => withLog(node, async () => {
  node.imctl("user", "create", "owen", "--name", "Owen");
  node.imctl("user", "create", "mia", "--name", "Mia");
  node.imctl("group", "create", "club", "--owner", "owen", "--name", "Club", "--member", "mia");
  node.imctl("group", "mute", "club", "mia", "1h", "--as", "owen");
  const { page } = await openUser(node, "mia", "Mia", desktop);
  await until("the group to show", async () => (await convItem(page, "g:club").count()) === 1);
  await convItem(page, "g:club").click();
  await send(page, "can I talk?");
  const failed = page.locator("[data-testid=message-pending]", { hasText: "can I talk?" });
  await until("the failed send to say why", async () => /you are muted|muted you/i.test(await text(failed)));
  assert.doesNotMatch(await text(failed), raw);
  const toast = page.locator("[data-testid=toast]");
  await until("the notice to say why", async () => /you are muted|muted you/i.test(await text(toast)));
  assert.doesNotMatch(await text(toast), raw);
  await shot(page, "errors-02-muted-send");
}));
