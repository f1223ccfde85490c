/**
 * Which of the built-in model's prompt classifiers reads a text. The English one reads everything
 * unless the text shows plain evidence of Italian, Portuguese, Spanish, French, German or Dutch:
 * more of those languages' function words than English ones among its first words. The other
 * classifier learned from varied hand-written material in those six languages; taught to the
 * English one, the same material made it block more English general instructions
 * (docs/robustness.md). Both know English attacks, so a text read by the "wrong" one is still
 * read by a model that detects them; what routing protects is the English model's false-block
 * figures, measured on English held-out sets.
 */

/** English function words that are not also common words of the six languages (no "a", "in", "is", "die", "no", "me", "do"). */
const ENGLISH = new Set(
  "the and you your yours to of for with this that these those what how why when where who which my our we they them their it its be been are have has had can could would should not from or if at by any about please just only there here than then into some more does did don't i'm it's".split(
    " ",
  ),
);

/** Function words of it, pt, es, fr, de and nl that are not English words. */
const OTHER = new Set(
  [
    // Italian
    "il lo gli le della dello delle degli dei di del che per non una uno sono sei mi ti ci si questo questa tutte tutti tuo tua tue tuoi mio mia miei ora anche nel nella nei sul sulla alle al ho hai puoi voglio più è",
    // Portuguese
    "da das dos em um uma para não com você seu sua meu minha meus minhas teu tua que ao aos isso essa esse esta este está são pelo pela pelos agora todas todos suas seus desta deste neste nesta mais muito também quando ele ela eles tem ter sem mas foi ser estou tenho aqui às à é",
    // Spanish
    "el los las en por para con mi tu su es del al lo que una ahora todas todos tus sus está esta este eres puedes como pero más muy cuando sobre todo toda nos les se quiero puedo tengo usted ustedes eso esto esa ese fue soy estoy vuestro vuestra",
    // French
    "la les des du et est une pour pas je tu vous ton ta tes ma mes ne ce cette dans sur avec qui sont maintenant toutes tous au aux il elle nous sans mais ou où tout toute suis ça leur cet moi toi lui très votre vos notre nos",
    // German
    "der das und ist nicht ich du sie ein eine mit für auf den dem zu von mein meine bitte alle wie dein deine deiner deinen jetzt sind oder dieser diese dieses ins zum zur noch auch nur aber wenn dass mir dir mich dich uns euch ihr wir kann bist habe wird werden",
    // Dutch
    "het een en van ik je niet dat met voor op te mijn alle jouw zijn nu of jullie wij zij hij deze dit bij naar maar ook nog heb hebt kun kunt wat hoe waarom mij ons uw als",
  ]
    .join(" ")
    .split(" ")
    // One-letter words ("e", "y", "o") are what obfuscation and chat shorthand leave of English
    // too; accented ones ("è", "é", "à") are not.
    .filter((w) => (w.length > 1 || /[^a-z]/.test(w)) && !ENGLISH.has(w)),
);

const WORD = /[\p{L}']+/gu;
/** Enough words to tell six languages from English; the rest of a long text changes nothing. */
const MAX_WORDS = 80;

/**
 * True when the text reads as one of the six languages above rather than English: at least two of
 * their function words, and more of them than English function words, among the first words.
 * Pass text as the detector reads it (normalizeForDetection): zero-width characters and spaced
 * letters cut English words into pieces that can look like Italian or French ones.
 */
export function readsAsOtherLanguage(text: string): boolean {
  let english = 0;
  let other = 0;
  let words = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (ENGLISH.has(word)) english++;
    else if (OTHER.has(word)) other++;
    // Plainly English already: stop reading.
    if (english >= 4 && other === 0) return false;
    if (++words >= MAX_WORDS) break;
  }
  return other >= 2 && other > english;
}
