/**
 * The neighbourhoods a commitment concerns. Their names come from the documents themselves: a table
 * with a `Quartier …` column and a `Commune` column (the list of priority neighbourhoods, QPV) gives
 * the names, each part of a compound name (`Près Saint Jean - Cévennes - Tamaris`) on its own; then
 * any place French writes as a neighbourhood (`quartier des Oliviers`, `le Faubourg du Soleil`,
 * `la Grand-Rue Jean Moulin`, `la cité X`), so a contract from elsewhere still gets its neighbourhoods.
 */
import { foldKeepCase } from './partners.ts';

export interface Gazetteer {
  names: { name: string; pattern: RegExp }[];
}

/** `Code : QP030001 ; Quartier prioritaire : Près Saint Jean - Cévennes ; Commune : Alès ; …` (indexes before readers-3) */
const TABLE_ROW =
  /(?:^|;\s*)([^:;\n]*quartier[^:;\n]*) : ([^;\n]+?)\s*;[^\n]*?\bcommune : ([^;\n]+?)\s*(?:;|$)/gimu;
/**
 * The readers' row sentence (src/ingest/readers/text.ts): `Code QP030001 : quartier prioritaire
 * « Près Saint Jean - Cévennes », commune Alès, population 14621.` A name is in guillemets when it
 * holds a dash or a comma; otherwise it starts at the capital after its header's lowercase words.
 */
const ROW_SENTENCE =
  /\b[Qq]uartier[\p{Ll} ]*? (?:«\s?([^»\n]+?)\s?»|(\p{Lu}[^,:;«»\n]*?)), (?:[^,\n]*, )*?[Cc]ommune (?:«\s?([^»\n]+?)\s?»|(\p{Lu}[^,.;:«»\n]*))/gu;
/** Parts that only name a place together with their town (`Centre ville` of Alès, of Anduze…). */
const NEEDS_TOWN = /^(?:centre ?ville|centre ancien|coeur de ville|centre bourg|bourg)$/i;
/** A name that is also the first word of a longer proper name (`Alès Cévennes`, `Cèze Cévennes`) is not the neighbourhood. */
const INSIDE_NAME_BEFORE = /\p{Lu}[\p{L}']*\s$/u;
const INSIDE_NAME_AFTER = /^\s(?:\p{Lu}|noires\b|gardoises\b)/u;
/** …unless that capitalised word is itself a place word (`Quartier des Cévennes`, `Faubourg de Rochebelle`). */
const PLACE_WORD_BEFORE = /\b(?:Quartiers?|Faubourg|Cite|Residence)\s$/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function loose(text: string): string {
  return foldKeepCase(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The neighbourhood names of the tables in `texts` (any document whose table lists quarters by town). */
export function readGazetteer(texts: string[]): Gazetteer {
  const names = new Map<string, RegExp>();
  for (const text of texts) {
    const rows = [
      ...[...text.matchAll(TABLE_ROW)].map(([, , value = '', commune = '']) => ({ value, commune })),
      ...[...text.matchAll(ROW_SENTENCE)].map((m) => ({
        value: m[1] ?? m[2] ?? '',
        commune: m[3] ?? m[4] ?? '',
      })),
    ];
    for (const { value, commune } of rows) {
      for (const part of value.split(/\s+[-–]\s+/)) {
        const name = part.trim();
        if (name.length < 3) continue;
        const key = loose(name);
        if (NEEDS_TOWN.test(key)) {
          const place = loose(commune);
          names.set(
            `${name.replace(/^./, (c) => c.toUpperCase())} (${commune.trim()})`,
            new RegExp(
              `\\b${escapeRegExp(key)}( de la (ville|commune))? (d'|de )${escapeRegExp(place)}\\b|\\b${escapeRegExp(place)},? (quartier )?(du )?${escapeRegExp(key)}\\b`,
              'i',
            ),
          );
        } else names.set(name, new RegExp(`\\b${escapeRegExp(key).replace(/ /g, ' ?')}\\b`, 'i'));
      }
    }
  }
  return gazetteerOf(names);
}

/**
 * The names in one order whatever the order of the documents that define them: an index extracts
 * each document's commitments once and keeps them (src/ingest/derived.ts), which holds only if
 * adding or re-indexing another document, which moves its table to the end, changes nothing else.
 */
export function gazetteerOf(names: ReadonlyMap<string, RegExp>): Gazetteer {
  return {
    names: [...names]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, pattern]) => ({ name, pattern })),
  };
}

/** `quartier des Oliviers`, `Faubourg du Soleil`, `Grand-Rue Jean Moulin`, `cité Beaulieu`. */
const GENERIC =
  /\b(?:quartiers? |cit[ée]s? |r[ée]sidences? )(?:(?:de la|des|du|de|d'|la|le|les|l')\s?)?(\p{Lu}[\p{L}']*(?:[ -](?:(?:de|du|des|la|le|d'|l')\s?)?\p{Lu}[\p{L}']*)*)|\b((?:[Ff]aubourg|[Gg]rand[ -]?'?[Rr]ue) (?:(?:de la|des|du|de|d')\s?)?\p{Lu}[\p{L}']*(?:[ -]\p{Lu}[\p{L}']*)*)/gu;
const NOT_A_NAME = /^(Politique|Prioritaire|QPV|Quartiers?|Veille|Contrat|Ville|Nouveau|National)\b/;

/** The neighbourhoods `text` names, in order, each once. */
export function findNeighbourhoods(text: string, gazetteer: Gazetteer): string[] {
  const folded = foldKeepCase(text).replace(/’/g, "'");
  const found: { name: string; index: number; end: number }[] = [];
  const hits: { name: string; index: number; end: number }[] = [];
  for (const { name, pattern } of gazetteer.names) {
    for (const match of folded.matchAll(new RegExp(pattern.source, 'gi'))) {
      hits.push({ name, index: match.index, end: match.index + match[0].length });
    }
  }
  const covered = (at: number) => hits.some((h) => at >= h.index && at < h.end);
  for (const hit of hits) {
    const before = folded.slice(Math.max(0, hit.index - 20), hit.index);
    const after = folded.slice(hit.end, hit.end + 12);
    // Next to another capitalised word that is no neighbourhood, the name is part of a longer one.
    const joinedBefore =
      INSIDE_NAME_BEFORE.test(before) && !PLACE_WORD_BEFORE.test(before) && !covered(hit.index - 2);
    const joinedAfter = INSIDE_NAME_AFTER.test(after) && !covered(hit.end + 1);
    if (joinedBefore || joinedAfter) continue;
    if (!found.some((f) => f.name === hit.name)) found.push(hit);
  }
  const original = text.replace(/’/g, "'");
  for (const match of original.matchAll(GENERIC)) {
    const raw = (match[1] ?? match[2] ?? '').trim();
    if (!raw || NOT_A_NAME.test(raw)) continue;
    const inside = gazetteer.names.find(({ pattern }) => pattern.test(foldKeepCase(raw)));
    const name = inside?.name ?? raw.replace(/^./, (c) => c.toUpperCase());
    found.push({ name, index: match.index, end: match.index + match[0].length });
  }
  found.sort((a, b) => a.index - b.index);
  return [...new Set(found.map((f) => f.name))];
}
