// Display names (item: the page showed user ids everywhere). Users sign up
// with a name, or an operator creates them with a name and an avatar; the
// page reads the profiles with get_users and shows names in the header, the
// list, the chat title, sender labels and group events, initials from the
// name and the avatar image when one is set.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import {
  convItem, desktop, messagesWithText, openUser, send, shot, startDirect, startNode, text, until, withLog,
} from "./harness.mjs";

let node;
before(async () => {
  node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" });
});

// A small picture, so the avatar loads without a network.
const avatar = "data:image/svg+xml;base64," + Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="20" fill="#f59e0b"/></svg>',
).toString("base64");

test("names and avatars replace user ids", () => withLog(node, async () => {
  node.imctl("user", "create", "carol", "--name", "Carol King", "--avatar", avatar);
  node.imctl("user", "create", "dave", "--name", "Dave Brown");
  const alice = await openUser(node, "alice", "Alice Smith", desktop);
  const bob = await openUser(node, "bob", "Bob Jones", desktop);
  const ap = alice.page;

  // The header: my name, my id beside it, initials from the name.
  await until("alice's header to show her name", async () => (await text(ap.locator("[data-testid=me]"))) === "Alice Smith");
  assert.equal(await text(ap.locator("[data-testid=me-id]")), "alice");
  assert.equal(await text(ap.locator("[data-testid=me-avatar]")), "AS");

  // A 1:1 chat: the peer's name in the title and in the list, on both sides.
  await startDirect(ap, "bob");
  await until("the chat title to be bob's name", async () => (await text(ap.locator("[data-testid=chat-title]"))) === "Bob Jones");
  await send(ap, "Hi Bob");
  await until("bob to get the chat", async () => (await convItem(bob.page, "p:alice:bob").count()) === 1);
  await until("bob's list to name alice", async () =>
    (await text(convItem(bob.page, "p:alice:bob").locator("[data-testid=conv-title]"))) === "Alice Smith");
  assert.equal(await text(convItem(ap, "p:alice:bob").locator("[data-testid=conv-title]")), "Bob Jones");
  assert.equal(await text(convItem(ap, "p:alice:bob").locator("[data-testid=conv-avatar]")), "BJ");

  // Someone with an avatar: the list and the chat header show the picture.
  node.imctl("send", "--from", "carol", "--to", "alice", "Hello from Carol");
  await until("carol's chat to be named", async () =>
    (await text(convItem(ap, "p:alice:carol").locator("[data-testid=conv-title]"))) === "Carol King");
  const img = convItem(ap, "p:alice:carol").locator("[data-testid=conv-avatar] img");
  await until("carol's avatar to show", async () => (await img.count()) === 1 && (await img.getAttribute("src")) === avatar);
  await convItem(ap, "p:alice:carol").click();
  await until("the chat header to show carol's avatar", async () =>
    (await ap.locator("[data-testid=chat-avatar] img").count()) === 1);

  // A group: events and sender labels name the people.
  node.imctl("group", "create", "team", "--owner", "alice", "--name", "Team", "--member", "bob", "--member", "carol");
  node.imctl("group", "add", "team", "dave", "--as", "alice");
  node.imctl("send", "--from", "carol", "--conv", "g:team", "Carol here");
  await until("the group to reach bob", async () => (await convItem(bob.page, "g:team").count()) === 1);
  await convItem(bob.page, "g:team").click();
  await until("bob to see carol's group message", async () => (await messagesWithText(bob.page, "Carol here")) === 1);
  await until("the add event to name both", async () => (await messagesWithText(bob.page, "Alice Smith added Dave Brown")) === 1);
  const carolMsg = bob.page.locator("[data-testid=message]", { has: bob.page.locator("[data-testid=message-text]", { hasText: "Carol here" }) });
  await until("carol's message to be labelled with her name", async () =>
    (await text(carolMsg.locator("[data-testid=message-sender]"))) === "Carol King");
  // The list preview names the sender too.
  await until("the group's preview to name carol", async () =>
    (await text(convItem(bob.page, "g:team").locator("[data-testid=conv-last]"))) === "Carol King: Carol here");
  await shot(bob.page, "names-01-group-with-names");
  await shot(ap, "names-02-avatar-and-names");
}));
