// What survives a page reload: the socket.io session id (Rasa's sender id), the conversation
// language and the transcript to draw again. localStorage, so another tab of the same site
// continues the same conversation; "New conversation" clears it. Nothing personal is asked for.
const KEY = "pp-chat:v1";
const MAX_MESSAGES = 200;

function read() {
  try {
    const data = JSON.parse(window.localStorage.getItem(KEY) || "{}");
    return data && typeof data === "object" ? data : {};
  } catch (_error) {
    return {};
  }
}

export function load() {
  const data = read();
  return {
    sessionId: typeof data.sessionId === "string" ? data.sessionId : null,
    lang: typeof data.lang === "string" ? data.lang : null,
    messages: Array.isArray(data.messages) ? data.messages.slice(-MAX_MESSAGES) : [],
  };
}

export function save(state) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({
      sessionId: state.sessionId,
      lang: state.lang,
      messages: state.messages.slice(-MAX_MESSAGES),
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
