// The widget's elements, built once; the strings and the listeners are set by widget.js.
export function el(tag, attrs = {}, ...children) {
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

const CLOSE_ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">' +
  '<path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>';

// The launcher and the panel (header, status, log, typing line, form), not yet in the page.
export function buildElements() {
  const root = el("div", { className: "pp-chat", id: "pp-chat" });
  const launcher = el("button", {
    type: "button", className: "pp-launcher", "aria-expanded": "false", "aria-controls": "pp-chat-panel",
  });
  launcher.innerHTML = ICON;
  const launcherText = el("span", { className: "pp-launcher-text" });
  const launcherRest = el("span", { className: "pp-sr" });
  launcher.append(launcherText, launcherRest);

  const title = el("h2", { id: "pp-chat-title", className: "pp-title" });
  const subtitle = el("p", { className: "pp-subtitle" });
  const switchButton = el("button", { type: "button", className: "pp-switch" });
  const closeButton = el("button", { type: "button", className: "pp-close" });
  closeButton.innerHTML = CLOSE_ICON;
  const header = el("div", { className: "pp-header" },
    el("div", { className: "pp-titles" }, title, subtitle),
    el("div", { className: "pp-tools" }, switchButton, closeButton));

  const status = el("div", { className: "pp-status", role: "status", "aria-live": "polite" });
  const log = el("div", {
    className: "pp-log", id: "pp-chat-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    tabindex: "0",
  });
  const intro = el("div", { className: "pp-msg pp-from-bot pp-intro" });
  const messagesBox = el("div", { className: "pp-messages" });
  log.append(intro, messagesBox);
  const typing = el("div", { className: "pp-typing", role: "status", "aria-live": "polite" });

  const inputLabel = el("label", { for: "pp-chat-input", className: "pp-label" });
  const input = el("input", {
    id: "pp-chat-input", type: "text", className: "pp-input", autocomplete: "off", maxlength: "1000",
    "aria-describedby": "pp-chat-hint", enterkeyhint: "send",
  });
  const hint = el("p", { id: "pp-chat-hint", className: "pp-hint" });
  const sendButton = el("button", { type: "submit", className: "pp-send" });
  const restartButton = el("button", { type: "button", className: "pp-restart" });
  // compact, so that the messages get most of the panel: the hint and "New conversation" share a line,
  // after the field (Shift+Tab from the field reaches the suggested replies)
  const form = el("form", { className: "pp-form", novalidate: true },
    inputLabel,
    el("div", { className: "pp-row" }, input, sendButton),
    el("div", { className: "pp-form-end" }, hint, restartButton));

  const panel = el("section", {
    className: "pp-panel", id: "pp-chat-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "pp-chat-title", hidden: true,
  }, header, status, log, typing, form);
  root.append(launcher, panel);
  return {
    root, launcher, launcherText, launcherRest, title, subtitle, switchButton, closeButton, status, log, intro,
    messagesBox, typing, inputLabel, input, hint, sendButton, form, restartButton, panel,
  };
}
