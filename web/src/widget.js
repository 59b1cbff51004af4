// PP IA/TI-EV chat widget: a launcher button and a non-modal chat panel talking to Rasa's
// socket.io channel (session_persistence: true, metadata_key: customData) through session.js.
import { LANGUAGES, normalizeLang, STRINGS } from "./i18n.js";
import { buildElements, el } from "./dom.js";
import { Session } from "./session.js";
import * as store from "./store.js";
import { Transcript } from "./turns.js";

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
  build() { // the elements (dom.js) in the page, with their listeners
    Object.assign(this, buildElements());
    document.body.append(this.root);
    this.transcript = new Transcript(this.log, this.messagesBox, {
      strings: () => this.t,
      stringsOf: (lang) => STRINGS[normalizeLang(lang, this.state.lang)],
      choose: (message, button) => this.choose(message, button),
    });

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
  }

  renderAll() {
    this.transcript.draw(this.state.messages);
  }

  addMessage(message) {
    this.state.messages.push(message);
    store.save(this.state);
    this.transcript.add(message);
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
    this.transcript.scroll();
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
    this.renderAll(); // the choices' labels are in the interface's language
  }

  switchLanguage() {
    const target = this.t.switchLang;
    this.setLanguage(target);
    // the server switches its `language` slot through the switch_language intent with an entity
    this.send(`/switch_language{"language": "${target}"}`, { display: null });
    this.switchButton.focus();
  }

  choose(message, button) {
    message.chosen = button.payload;
    this.send(button.payload, { display: button.title });
    this.input.focus();
  }

  // offered choices become plain text under their question (the one picked marked) once the user goes on
  retireQuickReplies() {
    const open = this.state.messages.filter((m) => m.buttons && m.buttons.length && !m.used);
    for (const message of open) message.used = true;
    if (open.length) this.renderAll();
  }

  send(text, { display = text } = {}) {
    this.retireQuickReplies();
    // a message the user does not see (the language button's) still starts a new turn
    this.addMessage(display ? { from: "user", text: display, lang: this.state.lang }
      : { from: "user", hidden: true, text: "", lang: this.state.lang });
    this.session.send(text, this.state.lang);
    // the dots only while a message is really on its way (not under the "cannot be reached" banner)
    this.showTyping(this.session.ready);
  }

  confirmed(sessionId, { lost, recovered, sending }) {
    if (lost) {
      this.state.messages = [];
      this.renderAll();
    }
    this.state.sessionId = sessionId;
    store.save(this.state);
    this.setStatus(recovered ? "reconnected" : null);
    if (sending) this.showTyping(true); // the messages kept while it could not connect go now
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
    // the server decides the conversation's language and sends it with every reply (`lang`): the
    // interface follows it (the user asked in English, typed "en français svp"...), except for the
    // apology, which comes in both languages; the user's message a turn answers takes its first
    // reply's language; a reply without `lang` keeps the interface's language
    const lang = LANGUAGES.includes(data.lang) ? data.lang : null;
    const role = ["sources", "apology"].includes(data.role) ? data.role : undefined;
    if (lang && role !== "apology") this.setLanguage(lang);
    if (lang && !this.transcript.receiving) this.setUserLanguage(lang);
    this.addMessage({ from: "bot", text: shown, lang: lang || this.state.lang, buttons, role });
  }

  setUserLanguage(lang) {
    const last = this.state.messages[this.state.messages.length - 1];
    if (!last || last.from !== "user" || last.lang === lang) return;
    last.lang = lang;
    store.save(this.state);
    this.transcript.userLanguage(lang);
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
