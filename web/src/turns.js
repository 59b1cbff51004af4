// How the conversation is drawn: each user message, then one card per bot turn, that is every bot
// message until the next user message, however many there are: the answer's messages in order (a
// question's choices under it), then the sources as the card's small footer (`role: "sources"`,
// rasa_server/channels/reply_language.py). Choices once retired (answered, or the user typed something else)
// stay visible under their question as plain text, the one picked marked.
import { el } from "./dom.js";
import { renderBotText } from "./render.js";

export function userNode(message, strings) {
  return el("div", { className: "pp-msg pp-from-user", lang: message.lang },
    el("span", { className: "pp-sr", text: strings.you + " " }),
    el("div", { className: "pp-bubble" }, el("p", { text: message.text }))); // never parsed as HTML
}

// An empty card for a bot turn; `lang` is the turn's language (its first message's).
export function botCard(lang, strings) {
  const body = el("div", { className: "pp-card-body" });
  const footer = el("div", { className: "pp-sources" });
  const node = el("div", { className: "pp-msg pp-from-bot pp-turn", lang },
    el("span", { className: "pp-sr", text: strings.bot + " " }),
    el("div", { className: "pp-bubble" }, body, footer));
  return { node, body, footer };
}

function choicesNode(message, strings, choose) {
  if (message.used) {
    const list = el("ul", { className: "pp-retired", "aria-label": strings.choicesOffered });
    for (const button of message.buttons) {
      const picked = message.chosen === button.payload;
      list.append(el("li", { className: picked ? "pp-chosen" : null }, button.title,
        picked ? el("span", { className: "pp-sr", text: " " + strings.yourChoice }) : null));
    }
    return list;
  }
  const group = el("div", { className: "pp-quick", role: "group", "aria-label": strings.quickReplies });
  for (const button of message.buttons) {
    const quick = el("button", { type: "button", className: "pp-quick-reply", text: button.title });
    quick.addEventListener("click", () => choose(message, button));
    group.append(quick);
  }
  return group;
}

// One bot message into its turn's card. `strings`: the interface strings (labels of the choices);
// `textStrings`: those of the message's own language (the "opens in a new tab" hint of its links).
export function addToCard(card, message, { strings, textStrings, choose }) {
  const part = el("div", { className: "pp-part", lang: message.lang },
    renderBotText(message.text, textStrings.newTab));
  if (message.role === "sources") {
    card.footer.append(part);
    return;
  }
  card.body.append(part);
  if (message.buttons && message.buttons.length) card.body.append(choicesNode(message, strings, choose));
}

// The log's messages: drawn whole (a reload, a language change, choices retired) or one at a time.
export class Transcript {
  // options: strings() the interface's strings, stringsOf(lang) a language's, choose(message, button)
  constructor(log, box, options) {
    Object.assign(this, { log, box, options });
    this.card = null; // the card of the bot turn being received (null once the user writes)
    this.lastUser = null; // the user's last message, whose `lang` the reply's language sets
  }

  get receiving() {
    return Boolean(this.card);
  }

  draw(messages) {
    const scroll = this.log.scrollTop;
    this.box.replaceChildren();
    this.card = null;
    for (const message of messages) this.append(message);
    this.log.scrollTop = scroll;
  }

  add(message) {
    this.append(message);
    this.scroll();
  }

  append(message) {
    if (message.from === "user") {
      this.card = null;
      this.lastUser = null;
      if (message.hidden) return; // sent by the widget (the language button): a new turn all the same
      this.lastUser = userNode(message, this.options.stringsOf(message.lang));
      this.box.append(this.lastUser);
      return;
    }
    if (!this.card) {
      this.card = botCard(message.lang, this.options.strings());
      this.box.append(this.card.node);
    }
    addToCard(this.card, message, {
      strings: this.options.strings(), textStrings: this.options.stringsOf(message.lang), choose: this.options.choose,
    });
  }

  userLanguage(lang) {
    if (this.lastUser) this.lastUser.setAttribute("lang", lang);
  }

  // a bot turn: its start at the top of the log (the browser stops at the end); the user's message: the end
  scroll() {
    if (!this.card) {
      this.log.scrollTop = this.log.scrollHeight;
      return;
    }
    const top = this.card.node.getBoundingClientRect().top - this.log.getBoundingClientRect().top;
    this.log.scrollTop = Math.max(0, this.log.scrollTop + top - 8);
  }
}
