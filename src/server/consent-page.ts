/** The consent page: plain HTML, every value escaped, no scripts. */
export function consentPage(
  client: { client_id: string; name: string },
  query: Record<string, string | undefined>,
  problem?: string,
): string {
  const hidden = [
    'client_id',
    'redirect_uri',
    'response_type',
    'code_challenge',
    'code_challenge_method',
    'state',
    'resource',
    'scope',
  ]
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(query[name] ?? '')}">`)
    .join('\n      ');
  const roles = ['backend', 'frontend', 'qa', 'db', 'fullstack']
    .map((role) => `<option${query.role === role ? ' selected' : ''}>${role}</option>`)
    .join('');
  return page(
    'Grant access',
    `<h1>${escapeHtml(client.name)} wants to work on your board</h1>
    <p>It will act as an <strong>agent</strong> with the role you pick, in your project only: it can read the
    project and claim and finish that role's steps. It can never verify a ticket — that stays with humans.</p>
    ${problem ? `<p role="alert"><strong>${escapeHtml(problem)}</strong></p>` : ''}
    <form method="post" action="/oauth/authorize">
      ${hidden}
      <label>Project <input name="project" required value="${escapeHtml(query.project ?? '')}"></label>
      <label>Role <select name="role">${roles}</select></label>
      <label>Your human token <input name="token" type="password" required autocomplete="off"></label>
      <button name="decision" value="allow">Allow</button>
      <button name="decision" value="deny" formnovalidate>Deny</button>
    </form>`,
  );
}

export function errorPage(message: string): string {
  return page('Cannot authorize', `<h1>Cannot authorize</h1><p>${escapeHtml(message)}</p>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baton — ${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0}input,select{display:block;width:100%;padding:.4rem}button{margin:1rem .5rem 0 0;padding:.5rem 1rem}</style>
</head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
