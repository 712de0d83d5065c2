/**
 * Greetings, thanks and goodbyes get a short friendly reply without a search: citing a passage for
 * "merci !" would be absurd, and declining it would be rude.
 */

const GREETING = /^(bonjour|bonsoir|salut|coucou|hello|bjr|slt|hey|allo|allô)\b/;
const THANKS = /^(merci|mercii+|thanks|super merci|merci beaucoup|parfait|top|génial|genial|ok merci)\b/;
const GOODBYE = /^(au revoir|bonne (journée|journee|soirée|soiree)|a\+|à plus|bye|ciao)\b/;
const HOW_ARE_YOU = /^(ça va|ca va|comment (ça|ca) va|comment allez-vous)\b/;

/** Trailing words a greeting may carry without becoming a question ("bonjour madame", "merci bien !"). */
const MAX_SMALLTALK_WORDS = 4;

export const SMALLTALK_REPLIES = {
  greeting:
    "Bonjour ! Je réponds aux questions sur le Contrat de ville d'Alès Agglomération et les documents publics qui l'accompagnent, en citant mes sources. Que souhaitez-vous savoir ?",
  thanks: "Avec plaisir ! N'hésitez pas si vous avez une autre question sur le Contrat de ville.",
  goodbye: 'Au revoir et bonne journée !',
  howAreYou: 'Très bien, merci ! Quelle est votre question sur le Contrat de ville ?',
} as const;

export function smalltalkReply(question: string): string | undefined {
  const text = question
    .toLowerCase()
    .replace(/[!?.,;:…]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.split(' ').length > MAX_SMALLTALK_WORDS) return undefined;
  if (HOW_ARE_YOU.test(text)) return SMALLTALK_REPLIES.howAreYou;
  if (GOODBYE.test(text)) return SMALLTALK_REPLIES.goodbye;
  if (THANKS.test(text)) return SMALLTALK_REPLIES.thanks;
  if (GREETING.test(text)) return SMALLTALK_REPLIES.greeting;
  return undefined;
}
