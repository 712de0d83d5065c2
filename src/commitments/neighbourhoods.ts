/**
 * The priority neighbourhood a commitment names: the Alès-area QPV (2015-2023 and Quartiers 2030)
 * and the urban-renewal sectors, then any `quartier X` written with a capital, so a contract from
 * elsewhere still gets its neighbourhoods.
 */
import { foldKeepCase } from './partners.ts';

const NAMED: { name: string; pattern: RegExp }[] = [
  { name: 'Près Saint-Jean', pattern: /\bpres saint jean\b/i },
  // `Cévennes` alone is mostly the mountains (`Alès Cévennes`, `De Cèze Cévennes`): only the estate.
  {
    name: 'Cévennes',
    pattern: /\b([Qq]uartiers? (des |de )?Cevennes|([Ll]es|[Aa]ux) Cevennes)\b(?! (noires|gardoises))/,
  },
  { name: 'Tamaris', pattern: /\btamaris\b/i },
  { name: 'Cauvel', pattern: /\bcauvel\b/i },
  { name: 'La Royale', pattern: /\bla royale\b/i },
  { name: 'Rochebelle', pattern: /\brochebelle\b/i },
  { name: 'Faubourg du Soleil', pattern: /\bfaubourg du soleil\b/i },
  { name: 'Grand-Rue Jean Moulin', pattern: /\bgrand ?'?rue jean moulin\b/i },
  {
    name: "Centre-ville d'Alès",
    pattern: /\b(centre ville|coeur de ville|centre ancien) (d'|de la ville d')Ales\b/i,
  },
  {
    name: 'Anduze Centre-ville',
    pattern:
      /\b(centre ville|centre ancien)( de la (ville|commune))? d'Anduze\b|\bAnduze,? (quartier )?(centre ville|centre ancien)\b/i,
  },
  { name: 'La Grand-Combe Centre-ville – Arboux', pattern: /\barboux\b/i },
  { name: 'Trescol – La Levade', pattern: /\b(trescol|la levade)\b/i },
  { name: "Saint-Ambroix L'Écusson", pattern: /\becusson\b/i },
];

/** `quartier des Oliviers`, `quartier de la Gare`: a capitalised name after `quartier`. */
const GENERIC =
  /\bquartiers? (?:(?:de la|des|du|de|d'|la|le|les|l')\s?)?(\p{Lu}[\p{L}']*(?: (?:(?:de|du|des|la|le|d'|l')\s?)?\p{Lu}[\p{L}']*)*)/u;
const NOT_A_NAME = /^(Politique|Prioritaire|QPV|Quartiers?|Veille|Contrat|Ville)\b/;

/** The first neighbourhood `text` names, or undefined. */
export function findNeighbourhood(text: string): string | undefined {
  const folded = foldKeepCase(text);
  let first: { name: string; index: number } | undefined;
  for (const { name, pattern } of NAMED) {
    const match = pattern.exec(folded);
    if (match && (!first || match.index < first.index)) first = { name, index: match.index };
  }
  if (first) return first.name;
  // The generic capture reads the original text, so the name keeps its accents.
  const generic = GENERIC.exec(text.replace(/[’]/g, "'"));
  const name = generic?.[1];
  if (name && !NOT_A_NAME.test(name)) return name;
  return undefined;
}
