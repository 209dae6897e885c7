// The composer of the open chat: the message field (Enter sends), and the
// panel that sends a link to an image or a file as media.
import { MediaKind } from "../lib/index";
import { h, httpURL } from "./dom";

export interface ComposerOptions {
  sendText(text: string): void;
  sendMedia(label: string, media: { url: string; kind: MediaKind; name: string }): void;
  toast(text: string): void;
}

export function buildComposer(opts: ComposerOptions): { attachForm: HTMLFormElement; composer: HTMLFormElement } {
  const input = h("input", {
    class: "composer-input",
    "data-testid": "composer-input",
    placeholder: "Message",
    autocomplete: "off",
    enterkeyhint: "send",
  });
  const send = () => {
    const text = input.value;
    if (!text.trim()) return;
    input.value = "";
    opts.sendText(text);
  };
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      send();
    }
  });
  const attachURL = h("input", { "data-testid": "attach-url", placeholder: "https://… link to an image or file", autocomplete: "off" });
  const attachKind = h("select", { "data-testid": "attach-kind" }, h("option", { value: "image" }, "Image"), h("option", { value: "file" }, "File"));
  const attachForm = h(
    "form",
    {
      class: "panel attach hidden",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        const url = httpURL(attachURL.value);
        if (!url) {
          opts.toast("Enter an http(s) link.");
          return;
        }
        const kind = attachKind.value === "image" ? MediaKind.IMAGE : MediaKind.FILE;
        const raw = new URL(url).pathname.split("/").pop() || url;
        let name = raw;
        try {
          name = decodeURIComponent(raw);
        } catch {
          // a malformed % sequence: show the name as it is
        }
        attachURL.value = "";
        attachForm.classList.add("hidden");
        opts.sendMedia(`[${kind === MediaKind.IMAGE ? "Image" : "File"}] ${name}`, { url, kind, name });
      },
    },
    attachURL,
    attachKind,
    h("button", { type: "submit", "data-testid": "attach-send" }, "Send link"),
  );
  const composer = h(
    "form",
    {
      class: "composer",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        send();
      },
    },
    h(
      "button",
      {
        type: "button",
        class: "ghost attach-btn",
        title: "Attach a link to media",
        "data-testid": "attach",
        onclick: () => {
          attachForm.classList.toggle("hidden");
          attachURL.focus();
        },
      },
      "Link",
    ),
    input,
    h("button", { type: "submit", class: "send", "data-testid": "composer-send" }, "Send"),
  );
  return { attachForm, composer };
}
