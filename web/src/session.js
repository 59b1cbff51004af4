// The widget's socket.io session with the assistant (protocol: rasa_server/channels/socketio.py).
// session_request {session_id} -> session_confirm(id): an id the server issued and signed (a stored
// one resumes the conversation, anything else gets a new one); user_uttered {message, session_id,
// customData: {language}} -> bot_uttered {text, quick_replies|buttons, lang}; session_end {session_id}
// ("New conversation": the server deletes that conversation, then confirms a new session);
// session_rejected: ask for a session again. Messages typed while not connected wait in `outbox`.
// A message sent just before the connection dropped may be lost in flight (or its answer may be:
// the replica that held the socket died); socket.io does not resend it, so the last message that
// got no answer is sent again once the session is confirmed after the reconnection. The server
// may then store it twice: better than a question left unanswered.
import { io } from "socket.io-client";

export class Session {
  // hooks: confirmed(id, {lost, recovered, sending}), message(data), status(key or null), unreachable()
  constructor(cfg, sessionId, pendingEnd, hooks) {
    this.cfg = cfg;
    this.id = sessionId;
    this.pendingEnd = pendingEnd; // an id whose conversation the server must delete
    this.hooks = hooks;
    this.socket = null;
    this.ready = false;
    this.outbox = [];
    this.problem = false;
    this.unanswered = null; // the last message sent, until a bot message comes
    this.interrupted = false; // the connection dropped while it waited for its answer
  }

  send(message, language) {
    const item = { message, language };
    if (this.ready) this.emit(item);
    else {
      this.outbox.push(item);
      this.connect();
    }
  }

  emit(item) {
    this.unanswered = item;
    this.socket.emit("user_uttered", {
      message: item.message,
      session_id: this.id,
      customData: { language: item.language },
    });
  }

  restart() {
    if (this.id) this.pendingEnd = this.id;
    this.id = null;
    this.outbox = [];
    this.unanswered = null;
    this.interrupted = false;
    this.ready = false;
    if (this.socket && this.socket.connected) this.request();
  }

  request() {
    if (this.pendingEnd) {
      this.socket.emit("session_end", { session_id: this.pendingEnd });
      this.pendingEnd = null;
    } else {
      this.socket.emit("session_request", { session_id: this.id });
    }
  }

  confirmed(id) {
    const sessionId = typeof id === "string" ? id : (id && id.session_id);
    if (!sessionId) return;
    // a stored session the server did not resume (expired, another secret): its transcript is stale
    const lost = Boolean(this.id && this.id !== sessionId);
    this.id = sessionId;
    this.ready = true;
    const again = this.interrupted && !lost && this.unanswered ? [this.unanswered] : [];
    const items = again.concat(this.outbox.splice(0));
    this.hooks.confirmed(sessionId, { lost, recovered: this.problem, sending: items.length > 0 });
    this.problem = false;
    this.interrupted = false;
    for (const item of items) this.emit(item);
  }

  connect() {
    if (this.socket) return;
    this.hooks.status("connecting");
    const socket = io(this.cfg.socketUrl, {
      path: this.cfg.socketPath,
      transports: ["websocket"],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      timeout: 10000,
    });
    this.socket = socket;
    socket.on("connect", () => this.request());
    socket.on("session_confirm", (id) => this.confirmed(id));
    socket.on("bot_uttered", (data) => {
      this.unanswered = null;
      this.hooks.message(data);
    });
    socket.on("session_rejected", () => {
      this.ready = false;
      this.id = null;
      this.request();
    });
    socket.on("disconnect", (reason) => {
      this.ready = false;
      if (this.unanswered) this.interrupted = true;
      if (reason !== "io client disconnect") this.hooks.status("connecting");
    });
    socket.on("connect_error", () => {
      this.ready = false;
      this.problem = true;
      this.hooks.unreachable();
    });
  }
}
