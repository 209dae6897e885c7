// Groups in the page: the New group form (a name and people picked by user
// id, checked with get_users and shown by name; the node picks the group's
// id) and the group panel of an open group (its members with their roles,
// rename, add, remove and leave, as the user's role allows).
//
// Chorus has no directory of users to search, so people are added by
// their user id, or picked from the people this user has direct chats with.
import { GroupRole, type ChorusClient, type Conversation, type Group, type GroupMember } from "../lib/index";
import { avatar, h } from "./dom";
import { badUserId, errorText, noSuchUser } from "./errors";
import type { Profiles } from "./profiles";

/** GroupHost is what the forms need from the chat screen. */
export interface GroupHost {
  client: ChorusClient;
  profiles: Profiles;
  me(): string;
  /** The user ids of recent direct chats, most recent first. */
  recentContacts(): string[];
  conversation(id: string): Conversation | undefined;
  /** A group was created: show it. */
  created(g: Group): void;
  /** Something changed in a group: read the list again. */
  changed(conversationId: string): void;
  /** This user left the group. */
  left(conversationId: string): void;
}

const splitIds = (s: string) => s.split(/[\s,;]+/).filter(Boolean);

/**
 * checkUsers checks that ids are user ids of existing users other than
 * me, and returns the sentence to show when one is not ("" when all are).
 */
async function checkUsers(host: GroupHost, ids: string[]): Promise<string> {
  for (const id of ids) {
    const bad = badUserId(id);
    if (bad) return bad;
  }
  const found = await host.profiles.lookup(ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) return noSuchUser(missing[0]);
  return "";
}

export const roleName = (r: GroupRole) => (r === GroupRole.OWNER ? "Owner" : r === GroupRole.ADMIN ? "Admin" : "Member");

/** NewGroupForm is the "+ New group" panel of the sidebar. */
export class NewGroupForm {
  readonly el: HTMLFormElement;
  private picked: string[] = [];
  private nameInput = h("input", { "data-testid": "new-group-name", placeholder: "Group name, e.g. Weekend trip", autocomplete: "off", maxlength: 128 });
  private who = h("input", { "data-testid": "new-group-member-input", placeholder: "Add people by user id", autocomplete: "off" });
  private chips = h("div", { class: "chips" });
  private recent = h("div", { class: "chips recent" });
  private error = h("p", { class: "form-error", role: "alert", "data-testid": "new-group-error" });
  private submit = h("button", { type: "submit", class: "primary", "data-testid": "new-group-submit" }, "Create group");

  constructor(private host: GroupHost) {
    this.who.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.isComposing) {
        ev.preventDefault(); // Enter here adds a person; it does not create the group yet
        void this.addTyped();
      }
    });
    this.el = h(
      "form",
      {
        class: "panel new-group hidden",
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          void this.create();
        },
      },
      this.nameInput,
      h(
        "div",
        { class: "row" },
        this.who,
        h("button", { type: "button", "data-testid": "new-group-member-add", onclick: () => void this.addTyped() }, "Add"),
      ),
      this.chips,
      this.recent,
      h("p", { class: "hint" }, "Chorus has no directory to search: add people by their user id, or pick someone you chat with."),
      this.error,
      this.submit,
    );
    this.render();
  }

  reset(): void {
    this.picked = [];
    this.nameInput.value = this.who.value = "";
    this.error.textContent = "";
    this.render();
  }

  focus(): void {
    this.nameInput.focus();
  }

  /** render redraws the picked people and the suggestions (names may have come in). */
  render(): void {
    this.chips.replaceChildren(
      ...this.picked.map((id) =>
        h(
          "span",
          { class: "chip", "data-testid": "new-group-member", "data-user-id": id, title: id },
          avatar(this.host.profiles.name(id), this.host.profiles.avatarURL(id), "tiny"),
          this.host.profiles.name(id),
          h("button", { type: "button", class: "chip-x", title: "Remove", "aria-label": `Remove ${id}`, onclick: () => this.unpick(id) }, "×"),
        ),
      ),
    );
    const me = this.host.me();
    const recent = this.host.recentContacts().filter((id) => id !== me && !this.picked.includes(id)).slice(0, 6);
    this.recent.replaceChildren(
      ...(recent.length ? [h("span", { class: "hint" }, "Recent:")] : []),
      ...recent.map((id) =>
        h(
          "button",
          { type: "button", class: "chip suggest", "data-testid": "new-group-recent", "data-user-id": id, title: id, onclick: () => this.pick([id]) },
          "+ " + this.host.profiles.name(id),
        ),
      ),
    );
  }

  private unpick(id: string): void {
    this.picked = this.picked.filter((p) => p !== id);
    this.render();
  }

  private pick(ids: string[]): void {
    for (const id of ids) if (!this.picked.includes(id) && id !== this.host.me()) this.picked.push(id);
    this.error.textContent = "";
    this.render();
  }

  /** addTyped checks the ids typed in and picks them; it says why when it cannot. */
  private async addTyped(): Promise<boolean> {
    const ids = splitIds(this.who.value.trim()).filter((id) => !this.picked.includes(id));
    if (ids.length === 0) {
      this.who.value = "";
      return true;
    }
    if (ids.includes(this.host.me())) {
      this.error.textContent = "You are in the group anyway: add the others.";
      return false;
    }
    try {
      const why = await checkUsers(this.host, ids);
      if (why) {
        this.error.textContent = why;
        return false;
      }
      this.who.value = "";
      this.pick(ids);
      return true;
    } catch (err) {
      this.error.textContent = errorText(err);
      return false;
    }
  }

  private async create(): Promise<void> {
    this.submit.disabled = true;
    try {
      if (!(await this.addTyped())) return;
      const name = this.nameInput.value.trim();
      if (!name) {
        this.error.textContent = "Give the group a name.";
        this.nameInput.focus();
        return;
      }
      const g = await this.host.client.createGroup("", name, this.picked);
      if (!g) return;
      this.reset();
      this.el.classList.add("hidden");
      this.host.created(g);
    } catch (err) {
      this.error.textContent = errorText(err);
    } finally {
      this.submit.disabled = false;
    }
  }
}

/** The most members the panel lists; a larger group shows the count. */
const maxListed = 1000;

/** GroupPanel shows and manages one group: members, rename, add, remove, leave. */
export class GroupPanel {
  readonly el = h("aside", { class: "group-panel", "data-testid": "group-panel" });
  private group?: Group;
  private members: GroupMember[] = [];
  private more = false;
  private loading = false;
  private reload = false;
  private confirmLeave = false;
  private error = "";
  private addError = "";
  private closed = false;
  // Kept across renders so that typing survives them.
  private renameInput = h("input", { "data-testid": "group-rename-input", maxlength: 128, "aria-label": "Group name", autocomplete: "off" });
  private addInput = h("input", { "data-testid": "add-member-user", placeholder: "User id to add", autocomplete: "off" });
  private renameForm = h(
    "form",
    {
      class: "row",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        void this.rename(this.renameInput.value.trim());
      },
    },
    this.renameInput,
    h("button", { type: "submit", "data-testid": "group-rename-submit" }, "Rename"),
  );
  private addForm = h(
    "form",
    {
      class: "row",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        void this.add(this.addInput.value.trim());
      },
    },
    this.addInput,
    h("button", { type: "submit", "data-testid": "add-member-submit" }, "Add"),
  );

  constructor(
    private host: GroupHost,
    readonly conversationId: string,
    private onClose: () => void,
  ) {
    this.render();
    void this.refresh();
  }

  get groupId(): string {
    return this.conversationId.replace(/^g:/, "");
  }

  destroy(): void {
    this.closed = true;
    this.el.remove();
  }

  /** refresh reads the group and its members again. */
  async refresh(): Promise<void> {
    if (this.loading) {
      this.reload = true;
      return;
    }
    this.loading = true;
    try {
      const c = this.host.conversation(this.conversationId);
      if (c?.left) {
        this.members = [];
        return;
      }
      await this.host.client.whenOnline();
      const group = await this.host.client.getGroup(this.groupId);
      const members: GroupMember[] = [];
      let after = "";
      do {
        const page = await this.host.client.listMembers(this.groupId, after, 200);
        members.push(...page.members);
        after = page.next;
      } while (after && members.length < maxListed);
      this.group = group;
      this.members = members;
      this.more = after !== "";
      this.error = "";
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.loading = false;
      if (!this.closed) this.render();
      if (this.reload) {
        this.reload = false;
        void this.refresh();
      }
    }
  }

  private myRole(): GroupRole {
    const me = this.host.me();
    const m = this.members.find((x) => x.userId === me);
    return m?.role ?? this.host.conversation(this.conversationId)?.role ?? GroupRole.MEMBER;
  }

  private canRemove(m: GroupMember, mine: GroupRole): boolean {
    if (m.userId === this.host.me() || m.role === GroupRole.OWNER) return false;
    return mine === GroupRole.OWNER || (mine === GroupRole.ADMIN && m.role === GroupRole.MEMBER);
  }

  /** render draws the panel from what it holds; names come from the profile cache. */
  render(): void {
    const c = this.host.conversation(this.conversationId);
    const p = this.host.profiles;
    const me = this.host.me();
    const mine = this.myRole();
    const active = !!c && !c.left && !c.dissolved;
    const manage = active && (mine === GroupRole.ADMIN || mine === GroupRole.OWNER);
    const name = this.group?.name || c?.name || this.groupId;
    const parts: (Node | false)[] = [
      h(
        "div",
        { class: "panel-head" },
        h("h3", {}, "Group info"),
        h("button", { class: "ghost", "data-testid": "group-panel-close", title: "Close", onclick: () => this.onClose() }, "×"),
      ),
    ];
    if (manage) {
      if (document.activeElement !== this.renameInput) this.renameInput.value = name;
      parts.push(this.renameForm);
    } else {
      parts.push(h("div", { class: "group-name" }, name));
    }
    const count = this.group?.memberCount ?? c?.memberCount ?? this.members.length;
    parts.push(h("div", { class: "sub" }, `${count} member${count === 1 ? "" : "s"} · id ${this.groupId}`));
    if (manage) {
      parts.push(
        h("div", { class: "label" }, "Add people"),
        this.addForm,
        h("p", { class: "form-error", role: "alert", "data-testid": "add-member-error" }, this.addError),
      );
    }
    if (c?.left) parts.push(h("p", { class: "hint" }, "You are no longer a member: the member list is for members."));
    parts.push(
      h(
        "ul",
        { class: "member-list" },
        ...this.members.map((m) => {
          const muted = m.mutedUntilMs > BigInt(Date.now());
          return h(
            "li",
            { class: "member-item", "data-testid": "member-item", "data-user-id": m.userId },
            avatar(p.name(m.userId), p.avatarURL(m.userId), "small"),
            h(
              "div",
              { class: "member-body" },
              h("span", { class: "member-name", "data-testid": "member-name" }, p.name(m.userId) + (m.userId === me ? " (you)" : "")),
              h("span", { class: "member-id" }, m.userId),
            ),
            h("span", { class: `role role-${roleName(m.role).toLowerCase()}`, "data-testid": "member-role" }, roleName(m.role) + (muted ? " · muted" : "")),
            active &&
              this.canRemove(m, mine) &&
              h(
                "button",
                { class: "ghost danger", "data-testid": "member-remove", title: `Remove ${m.userId}`, onclick: () => void this.remove(m.userId) },
                "Remove",
              ),
          );
        }),
      ),
    );
    if (this.more) parts.push(h("p", { class: "hint" }, `Showing the first ${this.members.length} members.`));
    if (this.loading && this.members.length === 0) parts.push(h("p", { class: "hint" }, "Loading…"));
    if (active && mine === GroupRole.OWNER) {
      parts.push(h("p", { class: "hint" }, "You own this group, so you cannot leave it."));
    } else if (active && this.confirmLeave) {
      parts.push(
        h(
          "div",
          { class: "confirm" },
          h("span", {}, "Leave the group? You come back only if someone adds you."),
          h("button", { class: "danger", "data-testid": "group-leave-confirm", onclick: () => void this.leave() }, "Leave"),
          h("button", { onclick: () => this.setConfirmLeave(false) }, "Stay"),
        ),
      );
    } else if (active) {
      parts.push(h("button", { class: "danger", "data-testid": "group-leave", onclick: () => this.setConfirmLeave(true) }, "Leave group"));
    }
    parts.push(h("p", { class: "form-error", role: "alert", "data-testid": "group-panel-error" }, this.error));
    this.el.replaceChildren(...parts.filter((x): x is Node => x !== false));
  }

  private setConfirmLeave(on: boolean): void {
    this.confirmLeave = on;
    this.render();
  }

  private async act(fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      this.error = "";
      this.host.changed(this.conversationId);
      await this.refresh();
      return true;
    } catch (err) {
      this.error = errorText(err);
      this.render();
      return false;
    }
  }

  private async rename(name: string): Promise<void> {
    if (!name) {
      this.error = "Give the group a name.";
      this.render();
      return;
    }
    await this.act(() => this.host.client.updateGroup(this.groupId, { name }));
  }

  private async add(raw: string): Promise<void> {
    const ids = splitIds(raw);
    if (ids.length === 0) return;
    try {
      this.addError = await checkUsers(this.host, ids);
    } catch (err) {
      this.addError = errorText(err);
    }
    if (this.addError) {
      this.render();
      return;
    }
    if (await this.act(() => this.host.client.addMembers(this.groupId, ids))) this.addInput.value = "";
  }

  private async remove(userId: string): Promise<void> {
    await this.act(() => this.host.client.removeMembers(this.groupId, [userId]));
  }

  private async leave(): Promise<void> {
    try {
      await this.host.client.leaveGroup(this.groupId);
      this.confirmLeave = false;
      this.host.left(this.conversationId);
    } catch (err) {
      this.error = errorText(err);
      this.render();
    }
  }
}
