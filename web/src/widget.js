// PP IA/TI-EV chat widget: a launcher button and a non-modal chat panel talking to Rasa's
// socket.io channel (session_persistence: true, metadata_key: customData) through session.js.
import { normalizeLang, STRINGS } from "./i18n.js";
import { guessLanguage } from "./lang.js";
import { renderBotText } from "./render.js";
import { Session } from "./session.js";
import * as store from "./store.js";

const SCRIPT = document.currentScript;
const NO_ANSWER_MS = 30000;

function config() {
  const global = window.ppChatConfig || {};
  const data = (SCRIPT && SCRIPT.dataset) || {};
  return {
    socketUrl: data.socketUrl || global.socketUrl || window.location.origin,
    socketPath: data.socketPath || global.socketPath || "/socket.io",
    pageLang: normalizeLang(data.lang || global.lang || document.documentElement.lang),
  };
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child) node.append(child);
  }
  return node;
}

const ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">' +
  '<path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';

export class ChatWidget {
  constructor(cfg) {
    this.cfg = cfg;
    const saved = store.load();
    this.state = {
      sessionId: saved.sessionId,
      lang: saved.lang ? normalizeLang(saved.lang, cfg.pageLang) : cfg.pageLang,
      messages: saved.messages,
    };
    // an expired local history's session is deleted on the server at the next connection
    this.session = new Session(cfg, saved.sessionId, saved.expiredSessionId, {
      confirmed: (id, how) => this.confirmed(id, how),
      message: (data) => this.receive(data),
      status: (key) => this.setStatus(key),
      unreachable: () => {
        this.showTyping(false);
        this.setStatus("unreachable");
      },
    });
    this.noAnswerTimer = null;
    this.build();
    this.applyStrings();
    this.renderAll();
    if (store.wasOpen()) this.open({ focus: false });
  }

  get t() {
    return STRINGS[this.state.lang];
  }

  // ---------- DOM ----------
  build() {
    this.root = el("div", { className: "pp-chat", id: "pp-chat" });
    this.launcher = el("button", {
      type: "button", className: "pp-launcher", "aria-expanded": "false", "aria-controls": "pp-chat-panel",
    });
    this.launcher.innerHTML = ICON;
    this.launcherText = el("span", { className: "pp-launcher-text" });
    this.launcherRest = el("span", { className: "pp-sr" });
    this.launcher.append(this.launcherText, this.launcherRest);

    this.title = el("h2", { id: "pp-chat-title", className: "pp-title" });
    this.subtitle = el("p", { className: "pp-subtitle" });
    this.switchButton = el("button", { type: "button", className: "pp-switch" });
    this.closeButton = el("button", { type: "button", className: "pp-close" });
    this.closeButton.innerHTML = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">' +
      '<path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>';
    const header = el("div", { className: "pp-header" },
      el("div", { className: "pp-titles" }, this.title, this.subtitle),
      el("div", { className: "pp-tools" }, this.switchButton, this.closeButton));

    this.status = el("div", { className: "pp-status", role: "status", "aria-live": "polite" });
    this.log = el("div", {
      className: "pp-log", id: "pp-chat-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      tabindex: "0",
    });
    this.intro = el("div", { className: "pp-msg pp-from-bot pp-intro" });
    this.messagesBox = el("div", { className: "pp-messages" });
    this.log.append(this.intro, this.messagesBox);
    this.typing = el("div", { className: "pp-typing", role: "status", "aria-live": "polite" });

    this.inputLabel = el("label", { for: "pp-chat-input", className: "pp-label" });
    this.input = el("input", {
      id: "pp-chat-input", type: "text", className: "pp-input", autocomplete: "off", maxlength: "1000",
      "aria-describedby": "pp-chat-hint", enterkeyhint: "send",
    });
    this.hint = el("p", { id: "pp-chat-hint", className: "pp-hint" });
    this.sendButton = el("button", { type: "submit", className: "pp-send" });
    this.form = el("form", { className: "pp-form", novalidate: true },
      this.inputLabel,
      el("div", { className: "pp-row" }, this.input, this.sendButton),
      this.hint);
    this.restartButton = el("button", { type: "button", className: "pp-restart" });

    this.panel = el("section", {
      className: "pp-panel", id: "pp-chat-panel", role: "dialog", "aria-modal": "false",
      "aria-labelledby": "pp-chat-title", hidden: true,
    }, header, this.status, this.log, this.typing, this.form, el("div", { className: "pp-footer" }, this.restartButton));
    this.root.append(this.launcher, this.panel);
    document.body.append(this.root);

    this.launcher.addEventListener("click", () => this.open());
    this.closeButton.addEventListener("click", () => this.close());
    this.switchButton.addEventListener("click", () => this.switchLanguage());
    this.restartButton.addEventListener("click", () => this.restart());
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.close();
      }
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.send(text);
    });
  }

  applyStrings() {
    const t = this.t;
    this.root.setAttribute("lang", this.state.lang);
    this.launcherText.textContent = t.launcher;
    this.launcherRest.textContent = t.launcherRest;
    this.title.textContent = t.title;
    this.subtitle.textContent = t.subtitle;
    this.switchButton.replaceChildren(el("span", { lang: t.switchLang, text: t.switchLabel }),
      el("span", { className: "pp-sr", text: t.switchHint }));
    this.closeButton.setAttribute("aria-label", t.close);
    this.log.setAttribute("aria-label", t.log);
    this.inputLabel.textContent = t.inputLabel;
    this.hint.textContent = t.inputHint;
    this.sendButton.textContent = t.send;
    this.restartButton.textContent = t.restart;
    this.intro.setAttribute("lang", this.state.lang);
    this.intro.replaceChildren(el("span", { className: "pp-sr", text: t.bot + " " }),
      el("div", { className: "pp-bubble" }, el("p", { text: t.welcome })));
    if (this.typing.textContent) this.typing.replaceChildren(this.typingNode());
    if (this.statusKey) this.setStatus(this.statusKey);
    for (const group of this.messagesBox.querySelectorAll(".pp-quick")) {
      group.setAttribute("aria-label", t.quickReplies);
    }
  }

  messageNode(message) {
    const strings = STRINGS[normalizeLang(message.lang, this.state.lang)];
    const fromBot = message.from === "bot";
    const bubble = el("div", { className: "pp-bubble" });
    if (fromBot) bubble.append(renderBotText(message.text, strings.newTab));
    else bubble.append(el("p", { text: message.text })); // never parsed as HTML
    const node = el("div", { className: `pp-msg ${fromBot ? "pp-from-bot" : "pp-from-user"}`, lang: message.lang },
      el("span", { className: "pp-sr", text: (fromBot ? strings.bot : strings.you) + " " }), bubble);
    if (fromBot && message.buttons && message.buttons.length && !message.used) {
      const group = el("div", { className: "pp-quick", role: "group", "aria-label": this.t.quickReplies });
      for (const button of message.buttons) {
        const quick = el("button", { type: "button", className: "pp-quick-reply", text: button.title });
        quick.addEventListener("click", () => this.choose(message, button));
        group.append(quick);
      }
      node.append(group);
    }
    return node;
  }

  renderAll() {
    this.messagesBox.replaceChildren(...this.state.messages.map((m) => this.messageNode(m)));
    this.scrollDown();
  }

  addMessage(message) {
    this.state.messages.push(message);
    store.save(this.state);
    this.messagesBox.append(this.messageNode(message));
    this.scrollDown();
  }

  scrollDown() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  typingNode() {
    return el("span", { className: "pp-typing-inner" },
      el("span", { className: "pp-dots", "aria-hidden": "true" }, el("span"), el("span"), el("span")),
      el("span", { text: this.t.typing }));
  }

  showTyping(on) {
    clearTimeout(this.noAnswerTimer);
    if (on) {
      this.typing.replaceChildren(this.typingNode());
      this.noAnswerTimer = setTimeout(() => {
        this.showTyping(false);
        this.setStatus("noAnswer");
      }, NO_ANSWER_MS);
    } else {
      this.typing.replaceChildren();
    }
  }

  setStatus(key) {
    this.statusKey = key;
    this.status.className = `pp-status${key ? ` pp-status-${key}` : ""}`;
    const text = key ? this.t[key] : "";
    if (this.status.textContent !== text) this.status.textContent = text;
    clearTimeout(this.statusTimer);
    if (key === "reconnected" || key === "connected") {
      this.statusTimer = setTimeout(() => this.setStatus(null), 4000);
    }
  }

  // ---------- panel ----------
  open({ focus = true } = {}) {
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute("aria-expanded", "true");
    store.setOpen(true);
    this.session.connect();
    this.scrollDown();
    if (focus) this.input.focus();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    store.setOpen(false);
    this.launcher.focus();
  }

  // ---------- conversation ----------
  setLanguage(lang) {
    if (lang === this.state.lang) return;
    this.state.lang = lang;
    store.save(this.state);
    this.applyStrings();
  }

  switchLanguage() {
    const target = this.t.switchLang;
    this.setLanguage(target);
    // the server switches its `language` slot through the switch_language intent with an entity
    this.send(`/switch_language{"language": "${target}"}`, { display: null });
    this.switchButton.focus();
  }

  choose(message, button) {
    this.send(button.payload, { display: button.title });
    this.input.focus();
  }

  retireQuickReplies() {
    let changed = false;
    for (const message of this.state.messages) {
      if (message.buttons && message.buttons.length && !message.used) {
        message.used = true;
        changed = true;
      }
    }
    if (changed) {
      for (const group of this.messagesBox.querySelectorAll(".pp-quick")) group.remove();
    }
  }

  send(text, { display = text } = {}) {
    this.retireQuickReplies();
    if (display) this.addMessage({ from: "user", text: display, lang: this.state.lang });
    else store.save(this.state);
    this.session.send(text, this.state.lang);
    this.showTyping(true);
  }

  confirmed(sessionId, { lost, recovered }) {
    if (lost) {
      this.state.messages = [];
      this.renderAll();
    }
    this.state.sessionId = sessionId;
    store.save(this.state);
    this.setStatus(recovered ? "reconnected" : null);
  }

  receive(data) {
    if (!data || typeof data !== "object") return;
    const text = typeof data.text === "string" ? data.text : "";
    const raw = Array.isArray(data.quick_replies) ? data.quick_replies : (Array.isArray(data.buttons) ? data.buttons : []);
    const buttons = raw
      .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
      .map((b) => ({ title: b.title, payload: b.payload }));
    let shown = text;
    const image = data.attachment && data.attachment.payload && data.attachment.payload.src;
    if (!shown && typeof image === "string") shown = image; // shown as a link, never loaded
    if (!shown && !buttons.length) return;
    this.showTyping(false);
    if (this.statusKey === "noAnswer") this.setStatus(null);
    const guessed = guessLanguage(shown);
    const strong = guessed && guessLanguage(shown, { strict: true });
    if (strong) this.setLanguage(strong); // the server changed the conversation's language
    this.addMessage({ from: "bot", text: shown, lang: guessed || this.state.lang, buttons });
  }

  restart() {
    // "New conversation": the server deletes this conversation (session.js, session_end)
    store.clear();
    this.state = { sessionId: null, lang: this.cfg.pageLang, messages: [] };
    this.session.restart();
    this.showTyping(false);
    this.applyStrings();
    this.renderAll();
    this.input.focus();
  }
}

function start() {
  if (window.ppChat) return;
  window.ppChat = new ChatWidget(config());
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
