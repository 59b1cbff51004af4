// Bot text -> safe HTML: markdown-it (raw HTML disabled, bare URLs linkified), then DOMPurify with a
// short allow-list. Links open in a new tab with rel="noopener noreferrer" and say so. Phone numbers
// (North American shapes such as 000-000-0000 and 1-800-000-0000, the numbers themselves come from the
// knowledge file) become tel: links that never wrap (the server sends them as plain text, which channels
// without links show as is).
import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// A trailing period or parenthesis is punctuation, not part of the address.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });

const SAFE_URL = /^(https?:|mailto:|tel:)/i;
let newTabText = "(opens in a new tab)";

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    const href = node.getAttribute("href") || "";
    if (!SAFE_URL.test(href)) {
      node.removeAttribute("href");
      return;
    }
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

const CONFIG = {
  ALLOWED_TAGS: ["p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "code"],
  ALLOWED_ATTR: ["href", "target", "rel"],
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

// a North American number as the program writes it, not inside a longer run of digits or dashes
const PHONE = /(?<![\d-])(?:1-)?\d{3}-\d{3}-\d{4}(?![\d-])/g;

function telHref(number) {
  const digits = number.replace(/\D/g, "");
  return `tel:+${digits.length === 10 ? "1" : ""}${digits}`;
}

// Text nodes outside links: each phone number in them becomes <a href="tel:..." class="pp-tel">.
function linkPhones(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) {
    if (!walker.currentNode.parentElement || !walker.currentNode.parentElement.closest("a")) nodes.push(walker.currentNode);
  }
  for (const node of nodes) {
    const text = node.textContent;
    const parts = [];
    let last = 0;
    for (const match of text.matchAll(PHONE)) {
      parts.push(text.slice(last, match.index));
      const link = document.createElement("a");
      link.className = "pp-tel";
      link.href = telHref(match[0]);
      link.textContent = match[0];
      parts.push(link);
      last = match.index + match[0].length;
    }
    if (parts.length) node.replaceWith(...parts, text.slice(last));
  }
}

/** Returns a DocumentFragment safe to insert; `label` is the "(opens in a new tab)" text. */
export function renderBotText(text, label) {
  newTabText = label || newTabText;
  const html = md.render(String(text || ""));
  const fragment = DOMPurify.sanitize(html, CONFIG);
  for (const link of fragment.querySelectorAll("a[href]")) {
    if (/^tel:/i.test(link.getAttribute("href"))) {
      link.removeAttribute("target"); // a call, not a new tab
      continue;
    }
    const hint = document.createElement("span");
    hint.className = "pp-sr";
    hint.textContent = ` ${newTabText}`;
    link.appendChild(hint);
  }
  linkPhones(fragment);
  return fragment;
}
