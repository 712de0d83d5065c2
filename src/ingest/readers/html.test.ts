import { describe, expect, it } from 'vitest';
import { readHtml } from './html.ts';

/** A page in the style of ales.fr: a menu, a banner, the content in <main>, a side column, a footer. */
const CITY_PAGE = `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Contrat de ville | Ville d&#39;Al&egrave;s</title>
  <link rel="canonical" href="https://ales.fr/territoire/politique-de-la-ville/contrat-de-ville">
  <meta property="og:site_name" content="Ville d'Alès">
  <meta property="article:published_time" content="2023-07-05T10:00:00+02:00">
  <style>.menu { color: red }</style>
  <script>window.tracker = "ne pas indexer";</script>
</head>
<body>
  <header><a href="/">Accueil</a><nav><ul><li>Mairie</li><li>Agglo</li></ul></nav></header>
  <div class="breadcrumb" role="navigation">Accueil › Territoire</div>
  <main>
    <h1>Contrat de ville</h1>
    <p>Trois contrats de ville ont été <strong>signés</strong> en 2015,
       fruits d&rsquo;un partenariat entre l&apos;Agglo et l&#8217;&Eacute;tat.</p>
    <h2>Quartiers prioritaires</h2>
    <table>
      <thead><tr><th>Code</th><th>Quartier</th><th>Commune</th></tr></thead>
      <tbody>
        <tr><td>QP030002</td><td>Centre Ville</td><td>Anduze</td></tr>
        <tr><td>QP030014</td><td>L'Ecusson</td><td>Saint-Ambroix</td></tr>
      </tbody>
    </table>
    <h2>Documents à télécharger</h2>
    <ul>
      <li><a href="/cv-2024.pdf">Contrat de Ville 2024-2030</a> (PDF - 3,10 Mo)</li>
      <li>Synthèse du contrat</li>
    </ul>
    <h3>Contact</h3>
    <p>Service Politique de la ville<br>Mairie d'Alès<br>30100 Alès</p>
  </main>
  <aside><p>À lire aussi : la rénovation urbaine</p></aside>
  <footer><p>© Ville d'Alès – Mentions légales</p></footer>
  <script>console.log("fin")</script>
</body>
</html>`;

describe('readHtml', () => {
  describe('on a city page', () => {
    const result = readHtml(CITY_PAGE);
    const texts = result.blocks.map((b) => b.text);

    it('takes the <title>, canonical address, site name and publication date as meta', () => {
      expect(result.meta).toEqual({
        title: "Contrat de ville | Ville d'Alès",
        url: 'https://ales.fr/territoire/politique-de-la-ville/contrat-de-ville',
        publisher: "Ville d'Alès",
        date: '2023-07-05',
      });
    });

    it('drops menus, banners, side columns, footers and scripts', () => {
      expect(texts).not.toContain('Mairie');
      expect(texts).not.toContain('Agglo');
      const all = texts.join(' ');
      for (const furniture of ['Accueil', 'rénovation urbaine', 'Mentions légales', 'tracker', 'color']) {
        expect(all).not.toContain(furniture);
      }
    });

    it('decodes entities and collapses source line breaks', () => {
      expect(texts).toContain(
        "Trois contrats de ville ont été signés en 2015, fruits d’un partenariat entre l'Agglo et l’État.",
      );
    });

    it('files blocks under the h1–h6 path', () => {
      const item = result.blocks.find((b) => b.type === 'list-item');
      expect(item).toEqual({
        type: 'list-item',
        text: 'Contrat de Ville 2024-2030 (PDF - 3,10 Mo)',
        headingPath: ['Contrat de ville', 'Documents à télécharger'],
      });
      const contact = result.blocks.find((b) => b.text === 'Contact');
      expect(contact?.headingPath).toEqual(['Contrat de ville', 'Documents à télécharger', 'Contact']);
    });

    it('reads table rows with their column headers', () => {
      const rows = result.blocks.filter((b) => b.type === 'table-row').map((b) => b.text);
      expect(rows).toEqual([
        'Code QP030002 : quartier Centre Ville, commune Anduze.',
        "Code QP030014 : quartier L'Ecusson, commune Saint-Ambroix.",
      ]);
    });

    it('keeps short <br> lines apart', () => {
      expect(texts.slice(-3)).toEqual(['Service Politique de la ville', "Mairie d'Alès", '30100 Alès']);
    });
  });

  it('reads the whole body when there is no <main>, with the first h1 as title', () => {
    const result = readHtml('<body><h1>Avis</h1><p>Réunion publique le 3 mars.</p><footer>x</footer></body>');
    expect(result.meta.title).toBe('Avis');
    expect(result.blocks).toEqual([
      { type: 'heading', text: 'Avis', headingPath: ['Avis'] },
      { type: 'paragraph', text: 'Réunion publique le 3 mars.', headingPath: ['Avis'] },
    ]);
  });

  it('reads a layout table as ordinary content', () => {
    const result = readHtml('<table><tr><td><h2>Titre</h2><p>Texte.</p></td></tr></table>');
    expect(result.blocks.map((b) => b.type)).toEqual(['heading', 'paragraph']);
  });

  it('rejects an empty page, and one with nothing readable', () => {
    expect(() => readHtml('  \n')).toThrowError(expect.objectContaining({ reason: 'empty' }));
    expect(() =>
      readHtml('<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>'),
    ).toThrowError(expect.objectContaining({ reason: 'empty' }));
  });
});
