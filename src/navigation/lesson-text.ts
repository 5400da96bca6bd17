/**
 * A lesson's MDX as the words a reader sees, for the search index: frontmatter, imports and
 * component tags go; link targets, emphasis and heading marks go; code blocks stay as text, since
 * `setInterval` or `removeListener` is just what someone searches for. Runs at build time.
 */
export function lessonPlainText(mdx: string): string {
  const lines = mdx.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '').split(/\r?\n/);
  const kept: string[] = [];
  let isInFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) { isInFence = !isInFence; continue; }
    if (isInFence) { kept.push(line); continue; }
    if (/^\s*(import|export)\s/.test(line)) continue;
    kept.push(line
      .replace(/<\/?[A-Za-z][^>]*>/g, ' ')       // JSX and HTML tags
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](url) -> text
      .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/, '') // heading, quote and list marks
      .replace(/[*_`]+/g, ''));
  }
  return kept.join(' ').replace(/\s+/g, ' ').trim();
}
