// Bot text -> safe HTML: markdown-it (raw HTML disabled, bare URLs linkified), then DOMPurify with a
// short allow-list. Links open in a new tab with rel="noopener noreferrer" and say so.
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

/** Returns a DocumentFragment safe to insert; `label` is the "(opens in a new tab)" text. */
export function renderBotText(text, label) {
  newTabText = label || newTabText;
  const html = md.render(String(text || ""));
  const fragment = DOMPurify.sanitize(html, CONFIG);
  for (const link of fragment.querySelectorAll("a[href]")) {
    const hint = document.createElement("span");
    hint.className = "pp-sr";
    hint.textContent = ` ${newTabText}`;
    link.appendChild(hint);
  }
  return fragment;
}
