/**
 * Ansible's _escape_backslashes (ansible/template/__init__.py): inside `{{ }}`, backslashes in string literals
 * are doubled before Jinja2 reads them, so a playbook writes `regex_replace('\\d+', …)` once-escaped, as it
 * does outside the braces. Net effect: a string literal inside `{{ }}` keeps its backslashes literally. Ansible
 * does this only for templates containing `{{` (not for `when:` conditions, which it wraps in `{% if %}`).
 */
export function escapeBackslashes(tpl: string): string {
  if (!tpl.includes('\\') || !tpl.includes('{{')) return tpl;
  let out = '';
  let i = 0;
  while (i < tpl.length) {
    const start = tpl.indexOf('{{', i);
    if (start < 0) return out + tpl.slice(i);
    out += tpl.slice(i, start + 2);
    i = start + 2;
    // Inside a variable block: copy up to `}}`, doubling backslashes inside quoted strings.
    while (i < tpl.length && !tpl.startsWith('}}', i)) {
      const c = tpl[i] as string;
      if (c !== "'" && c !== '"') {
        out += c;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < tpl.length && tpl[j] !== c) j += tpl[j] === '\\' ? 2 : 1;
      out += c + tpl.slice(i + 1, j).replace(/\\/g, '\\\\') + (j < tpl.length ? c : '');
      i = j + 1;
    }
  }
  return out;
}
