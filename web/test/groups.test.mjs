// Groups as a chat app has them (item: the user had to invent a group id
// and type member ids as a comma list; no member list, rename, leave or
// remove; "read by 2" did not say who; previews did not name the sender).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import {
  convItem, desktop, messagesWithText, myLastStatus, myMessage, openUser, send, shot, startDirect, startNode, text,
  until, withLog,
} from "./harness.mjs";

let node;
before(async () => {
  node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" });
});

const memberItem = (page, user) => page.locator(`[data-testid=member-item][data-user-id="${user}"]`);
const chip = (page, user) => page.locator(`[data-testid=new-group-member][data-user-id="${user}"]`);

test("create a group by picking people, then manage it", () => withLog(node, async () => {
  node.imctl("user", "create", "carol", "--name", "Carol King");
  node.imctl("user", "create", "dave", "--name", "Dave Brown");
  const alice = await openUser(node, "alice", "Alice Smith", desktop);
  const bob = await openUser(node, "bob", "Bob Jones", desktop);
  const ap = alice.page;
  const bp = bob.page;
  // Alice has talked to Bob: he is a recent contact.
  await startDirect(ap, "bob");
  await send(ap, "Hi Bob");
  await until("bob to get alice's message", async () => (await convItem(bp, "p:alice:bob").count()) === 1);

  // New group: a name and people, no id to invent.
  await ap.locator("[data-testid=new-group]").click();
  assert.equal(await ap.locator("[data-testid=new-group-id]").count(), 0, "the form asks for a group id");
  await ap.locator("[data-testid=new-group-name]").fill("Weekend trip");
  const who = ap.locator("[data-testid=new-group-member-input]");
  await who.fill("nobody");
  await who.press("Enter");
  await until("the form to say nobody does not exist", async () =>
    /no user/i.test(await text(ap.locator("[data-testid=new-group-error]"))));
  assert.equal(await chip(ap, "nobody").count(), 0);
  await ap.locator("[data-testid=new-group-recent][data-user-id=bob]").click();
  await until("bob to be picked by name", async () => (await text(chip(ap, "bob"))).includes("Bob Jones"));
  await who.fill("carol");
  await ap.locator("[data-testid=new-group-member-add]").click();
  await until("carol to be picked by name", async () => (await text(chip(ap, "carol"))).includes("Carol King"));
  await shot(ap, "groups-01-new-group-form");
  await ap.locator("[data-testid=new-group-submit]").click();
  await until("the group to open", async () => (await text(ap.locator("[data-testid=chat-title]"))) === "Weekend trip");
  const gid = await ap.locator("[data-testid=conv-item].active").getAttribute("data-conv-id");
  assert.match(gid, /^g:.+/, "the open chat is not a group");
  await until("the creation event to show", async () => (await messagesWithText(ap, "Alice Smith created the group")) === 1);

  // The member list, with names and roles.
  await ap.locator("[data-testid=group-info]").click();
  await until("three members to be listed", async () => (await ap.locator("[data-testid=member-item]").count()) === 3);
  assert.match(await text(memberItem(ap, "alice")), /Alice Smith.*Owner/);
  assert.match(await text(memberItem(ap, "bob")), /Bob Jones.*Member/);
  assert.match(await text(memberItem(ap, "carol")), /Carol King/);

  // Rename: everyone sees the new name.
  await ap.locator("[data-testid=group-rename-input]").fill("Trip 2026");
  await ap.locator("[data-testid=group-rename-submit]").click();
  await until("the title to change", async () => (await text(ap.locator("[data-testid=chat-title]"))) === "Trip 2026");
  await until("the rename event to show", async () => (await messagesWithText(ap, "Alice Smith renamed the group to Trip 2026")) === 1);
  await until("bob's list to show the new name", async () =>
    (await text(convItem(bp, gid).locator("[data-testid=conv-title]"))) === "Trip 2026");

  // Add someone by id: checked, then named in the event.
  await ap.locator("[data-testid=add-member-user]").fill("ghost");
  await ap.locator("[data-testid=add-member-submit]").click();
  await until("the panel to say ghost does not exist", async () =>
    /no user/i.test(await text(ap.locator("[data-testid=add-member-error]"))));
  await ap.locator("[data-testid=add-member-user]").fill("dave");
  await ap.locator("[data-testid=add-member-submit]").click();
  await until("dave to be listed", async () => (await memberItem(ap, "dave").count()) === 1);
  await until("the add event to name dave", async () => (await messagesWithText(ap, "Alice Smith added Dave Brown")) === 1);

  // Bob writes: alice's list names him in the preview.
  await convItem(bp, gid).click();
  await send(bp, "I'm in");
  await until("alice's preview to name bob", async () =>
    (await text(convItem(ap, gid).locator("[data-testid=conv-last]"))) === "Bob Jones: I'm in");

  // Alice writes, Bob (with the chat open) reads: who read it is listed.
  await send(ap, "Great, see you Saturday");
  await until("alice to see 'read by 1'", async () => (await myLastStatus(ap, "Great, see you Saturday")) === "read by 1");
  await myMessage(ap, "Great, see you Saturday").locator("[data-testid=message-status]").click();
  await until("the readers to be named", async () =>
    (await text(myMessage(ap, "Great, see you Saturday").locator("[data-testid=message-readers]"))) === "Read by Bob Jones");
  await shot(ap, "groups-02-members-and-readers");

  // The owner removes carol.
  await memberItem(ap, "carol").locator("[data-testid=member-remove]").click();
  await until("carol to leave the list", async () => (await memberItem(ap, "carol").count()) === 0);
  await until("the removal event to show", async () => (await messagesWithText(ap, "Alice Smith removed Carol King")) === 1);
  assert.equal(await ap.locator("[data-testid=group-leave]").count(), 0, "the owner is offered to leave");

  // Bob, a plain member, may not remove anyone; he leaves.
  await bp.locator("[data-testid=group-info]").click();
  await until("bob to see the members", async () => (await bp.locator("[data-testid=member-item]").count()) === 3);
  assert.equal(await bp.locator("[data-testid=member-remove]").count(), 0, "a plain member is offered to remove");
  await bp.locator("[data-testid=group-leave]").click();
  await bp.locator("[data-testid=group-leave-confirm]").click();
  await until("bob's page to say he left", async () => /you left/i.test(await text(bp.locator("[data-testid=chat-left]"))));
  assert.equal(await bp.locator("[data-testid=composer-input]").count(), 0, "bob can still type into a group he left");
  await until("alice to see bob leave", async () => (await messagesWithText(ap, "Bob Jones left")) === 1);
  await until("bob to leave alice's member list", async () => (await memberItem(ap, "bob").count()) === 0);
  await shot(bp, "groups-03-bob-left");
  await shot(ap, "groups-04-after-changes");
}));
