// Interface strings. The conversation language (fr|en) picks the set; messages carry their own lang.
export const STRINGS = {
  fr: {
    launcher: "Poser une question",
    launcherRest: " à l'assistant virtuel",
    title: "Assistant virtuel PP IA/TI-EV",
    subtitle: "Information générale, pas un avis juridique",
    close: "Fermer l'assistant",
    restart: "Nouvelle conversation",
    switchLabel: "English",
    switchLang: "en",
    switchHint: " – poursuivre la conversation en anglais",
    log: "Conversation avec l'assistant",
    you: "Vous :",
    bot: "Assistant :",
    quickReplies: "Réponses suggérées",
    inputLabel: "Votre question",
    inputHint: "N'écrivez ni numéro de dossier ni renseignement personnel.",
    send: "Envoyer",
    typing: "L'assistant écrit…",
    connecting: "Connexion à l'assistant…",
    connected: "Connecté à l'assistant.",
    unreachable: "Impossible de joindre l'assistant pour le moment. Nouvelle tentative automatique en cours; vos messages seront envoyés dès le retour de la connexion.",
    reconnected: "Connexion rétablie.",
    noAnswer: "L'assistant ne répond pas. Réessayez dans quelques minutes.",
    newTab: "(s'ouvre dans un nouvel onglet)",
    welcome: "Bonjour! Posez votre question sur le programme pilote PP IA/TI-EV, en français ou en anglais.",
  },
  en: {
    launcher: "Ask a question",
    launcherRest: " to the virtual assistant",
    title: "PP IA/TI-EV virtual assistant",
    subtitle: "General information, not legal advice",
    close: "Close the assistant",
    restart: "New conversation",
    switchLabel: "Français",
    switchLang: "fr",
    switchHint: " – continue the conversation in French",
    log: "Conversation with the assistant",
    you: "You:",
    bot: "Assistant:",
    quickReplies: "Suggested replies",
    inputLabel: "Your question",
    inputHint: "Please don't type any file number or personal details.",
    send: "Send",
    typing: "The assistant is typing…",
    connecting: "Connecting to the assistant…",
    connected: "Connected to the assistant.",
    unreachable: "The assistant cannot be reached right now. Retrying automatically; your messages will be sent as soon as the connection is back.",
    reconnected: "Connection restored.",
    noAnswer: "The assistant is not answering. Please try again in a few minutes.",
    newTab: "(opens in a new tab)",
    welcome: "Hello! Ask your question about the PP IA/TI-EV pilot program, in English or French.",
  },
};

export const LANGUAGES = ["fr", "en"];

export function normalizeLang(value, fallback = "fr") {
  const code = String(value || "").slice(0, 2).toLowerCase();
  return LANGUAGES.includes(code) ? code : fallback;
}
