// Read ticks in a 1:1 chat stay true when the reader answers while the
// ticks are in flight (item: they went stale until a reload). B's own
// message moves B's read position on the node without a receipt push; a
// message from the peer at seq N means the peer read up to N.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import {
  convItem, desktop, messagesWithText, myLastStatus, openUser, send, shot, startDirect, startNode, status, until, withLog,
} from "./harness.mjs";

let node;
before(async () => {
  node = await startNode({ CHORUS_WEB_DEV_SIGNUP: "true" });
});

test("the peer's reply while offline marks my messages read", () => withLog(node, async () => {
  const a = await openUser(node, "ann", "Ann", desktop);
  const b = await openUser(node, "ben", "Ben", desktop);
  await startDirect(a.page, "ben");
  await send(a.page, "Are you there?"); // seq 1
  await until("ben to get the chat", async () => (await convItem(b.page, "p:ann:ben").count()) === 1);
  await convItem(b.page, "p:ann:ben").click();
  await until("ann to see 'read'", async () => (await myLastStatus(a.page, "Are you there?")) === "read");

  // Ben goes offline; Ann writes three messages (seqs 2-4); Ben types an
  // answer while offline; he comes back and his answer goes out (seq 5).
  await b.context.setOffline(true);
  await until("ben to be offline", async () => (await status(b.page)) === "offline");
  const three = ["first while away", "second while away", "third while away"];
  for (const t of three) await send(a.page, t);
  await until("ann's three messages to be sent", async () => {
    for (const t of three) if ((await myLastStatus(a.page, t)) !== "sent") return false;
    return true;
  });
  await send(b.page, "back soon, reading now");
  await b.context.setOffline(false);
  await until("ben to be online again", async () => (await status(b.page)) === "online", 30000);
  for (const t of three) await until(`ben to see "${t}"`, async () => (await messagesWithText(b.page, t)) === 1);
  await until("ann to get ben's answer", async () => (await messagesWithText(a.page, "back soon, reading now")) === 1);

  // The node has Ben's read position at his answer...
  await until("the API to show peerReadSeq 5", () => {
    const list = node.json("conversations", "ann");
    const conv = (list.conversations ?? []).find((c) => c.id === "p:ann:ben");
    return conv && Number(conv.peerReadSeq) === 5;
  });
  // ...and Ann's page shows her three messages read, without a reload.
  await until("ann's three messages to show 'read'", async () => {
    for (const t of three) if ((await myLastStatus(a.page, t)) !== "read") return false;
    return true;
  });
  await shot(a.page, "receipts-01-read-after-offline-reply");
  assert.equal(await myLastStatus(a.page, "Are you there?"), "read");
}));
