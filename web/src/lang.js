// Which language a bot message is in, so that its `lang` attribute is right even when the server
// changed the conversation's language (the user typed "english please", or asked in English).
// Counts frequent function words; returns null when the text is too short or mixed.
const FR = new Set(("le la les des du de un une est et vous votre vos pour pas que qui dans avec sur au aux ce " +
  "cette ces il elle ne peut sont être avez avoir ou où à été sera plus si mais comme leur nous je " +
  "en ai déjà quel quelle quels quelles combien frais demande jours heures ouvert fermé oui non " +
  "merci bonjour parfait français").split(" "));
const EN = new Set(("the and you your is are to of for not that with in this it can be have has or what " +
  "will was were if but as their we i my already which how much fees application days hours open " +
  "closed yes no thanks hello sure english by from at").split(" "));

export function guessLanguage(text, { strict = false } = {}) {
  const words = String(text || "")
    .replace(/https?:\/\/\S+/g, " ")
    .toLowerCase()
    .split(/[^a-zàâäçéèêëîïôöùûüÿœ']+/)
    .flatMap((w) => w.split("'"))
    .filter(Boolean);
  let fr = 0;
  let en = 0;
  for (const word of words) {
    if (FR.has(word)) fr += 1;
    if (EN.has(word)) en += 1;
  }
  fr += (String(text).match(/[àâçéèêëîôùûœ]/gi) || []).length > 1 ? 1 : 0;
  if (strict) {
    // sure enough to follow the server's switch of language: several words, few of the other
    // (a bilingual message, "Je réponds en français... / I answer in French...", is not)
    if (fr >= 3 && fr >= 4 * en) return "fr";
    if (en >= 3 && en >= 4 * fr) return "en";
    return null;
  }
  if (fr >= 2 && fr >= 2 * en) return "fr";
  if (en >= 2 && en >= 2 * fr) return "en";
  return null;
}
