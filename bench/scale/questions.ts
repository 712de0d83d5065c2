/**
 * Questions never asked before in a run: built from the synthetic corpus's own words, so they reach
 * real passages, and each text is new, so neither the answer cache nor the per-text memo has seen it.
 */
import { seededRandom } from './corpus.ts';

const TEMPLATES = [
  (a: string, b: string) => `Que disent les documents sur ${a} et ${b} ?`,
  (a: string, b: string) => `Quel est le rôle de ${a} pour ${b} ?`,
  (a: string, b: string) => `Où trouver des informations sur ${a} concernant ${b} ?`,
  (a: string, b: string) => `Combien de ${a} sont prévus pour ${b} ?`,
  (a: string, b: string) => `Qui s'occupe de ${a} et de ${b} ?`,
  (a: string, b: string) => `Pourquoi parle-t-on de ${a} avec ${b} ?`,
];
/** Content words only: short ones are mostly articles and prepositions. */
const MIN_WORD_CHARS = 6;

export interface QuestionSource {
  next(): string;
}

export function unseenQuestions(paragraphs: string[], seed = 7): QuestionSource {
  const words = [
    ...new Set(
      paragraphs.flatMap((p) =>
        p
          .toLowerCase()
          .split(/[^\p{L}]+/u)
          .filter((w) => w.length >= MIN_WORD_CHARS),
      ),
    ),
  ];
  if (words.length < 2) throw new Error('trop peu de mots pour composer des questions');
  const random = seededRandom(seed);
  const asked = new Set<string>();
  const draw = () => words[Math.floor(random() * words.length)]!;
  return {
    next() {
      for (;;) {
        const template = TEMPLATES[Math.floor(random() * TEMPLATES.length)]!;
        const question = template(draw(), draw());
        if (asked.has(question)) continue;
        asked.add(question);
        return question;
      }
    },
  };
}
