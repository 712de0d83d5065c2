/** The console's login page: a plain French form, no script, styled by the console's stylesheet. */
import { escapeHtml } from '../escape-html.ts';

export interface LoginPageOptions {
  css: string;
  /** No way in is configured: say so instead of showing the form. */
  closed?: boolean;
  error?: string;
  username?: string;
}

export function renderLoginPage(options: LoginPageOptions): string {
  const body = options.closed
    ? `<p>La console d'accueil est fermée : aucun accès agent n'est configuré sur ce serveur.</p>
<p>L'équipe qui exploite le service peut l'ouvrir en définissant <code>AGENT_USERS</code> (identifiants et mots de passe) ou <code>AGENT_TOKEN</code> (jeton).</p>`
    : `${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="/agent/login">
<fieldset>
<legend>Identifiant et mot de passe</legend>
<label for="username">Identifiant</label>
<input id="username" name="username" autocomplete="username" value="${escapeHtml(options.username ?? '')}">
<label for="password">Mot de passe</label>
<input id="password" name="password" type="password" autocomplete="current-password">
</fieldset>
<fieldset>
<legend>Ou jeton d'accès</legend>
<label for="token">Jeton</label>
<input id="token" name="token" type="password" autocomplete="off">
</fieldset>
<button type="submit">Se connecter</button>
</form>`;
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Connexion — Console d'accueil citadoc</title>
<style>${options.css}</style>
</head>
<body>
<main class="login">
<h1>Console d'accueil</h1>
${body}
</main>
</body>
</html>
`;
}
