// What survives a page reload: the signed socket.io session id the server issued, the conversation
// language and the transcript to draw again. localStorage, so another tab of the same site
// continues the same conversation; "New conversation" clears it (and deletes the server's copy).
// It expires: after EXPIRY_MS without a message the transcript and the session id are dropped on
// load (the expired id is returned once so the widget can ask the server to delete it too).
// Nothing personal is asked for.
const KEY = "pp-chat:v2";
const MAX_MESSAGES = 200;
export const EXPIRY_MS = 4 * 60 * 60 * 1000; // four hours without activity

function read() {
  try {
    const data = JSON.parse(window.localStorage.getItem(KEY) || "{}");
    return data && typeof data === "object" ? data : {};
  } catch (_error) {
    return {};
  }
}

export function load(now = Date.now()) {
  const data = read();
  const sessionId = typeof data.sessionId === "string" ? data.sessionId : null;
  const savedAt = typeof data.savedAt === "number" ? data.savedAt : 0;
  if (now - savedAt > EXPIRY_MS) {
    clear();
    return { sessionId: null, lang: null, messages: [], expiredSessionId: sessionId };
  }
  return {
    sessionId,
    lang: typeof data.lang === "string" ? data.lang : null,
    messages: Array.isArray(data.messages) ? data.messages.slice(-MAX_MESSAGES) : [],
    expiredSessionId: null,
  };
}

export function save(state) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({
      sessionId: state.sessionId,
      lang: state.lang,
      messages: state.messages.slice(-MAX_MESSAGES),
      savedAt: Date.now(),
    }));
  } catch (_error) {
    // private mode or full storage: the conversation simply won't survive a reload
  }
}

export function clear() {
  try {
    window.localStorage.removeItem(KEY);
  } catch (_error) {
    // nothing to do
  }
}

const OPEN_KEY = "pp-chat:open";
export function wasOpen() {
  try {
    return window.sessionStorage.getItem(OPEN_KEY) === "1";
  } catch (_error) {
    return false;
  }
}
export function setOpen(open) {
  try {
    window.sessionStorage.setItem(OPEN_KEY, open ? "1" : "0");
  } catch (_error) {
    // ignore
  }
}
