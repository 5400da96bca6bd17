import { parseSearchIndex, type SearchDocument } from '../protocol/search-index.ts';
import { searchLessons, type SearchHit } from './search-lessons.ts';

/**
 * The lesson search box: `[data-lesson-search]` holds an `input[type=search]`, a status line and a
 * results list. The index (built at build time, same origin: works offline) is fetched the first
 * time the box is used; results follow every keystroke, and `?q=` fills the box on /search/.
 */
export function mountLessonSearch(root: HTMLElement, indexUrl: string, lessonUrl: (id: string) => string): void {
  const input = root.querySelector<HTMLInputElement>('input[type="search"]');
  const status = root.querySelector<HTMLElement>('[data-testid="search-status"]');
  const list = root.querySelector<HTMLOListElement>('[data-testid="search-results"]');
  if (!input || !status || !list) throw new Error('the search markup is missing its input, status or results list');
  let lessons: Promise<readonly SearchDocument[]> | null = null;
  const load = (): Promise<readonly SearchDocument[]> => {
    lessons ??= fetch(indexUrl).then(async (response) => {
      if (!response.ok) throw new Error(`${indexUrl} answered HTTP ${response.status}`);
      return parseSearchIndex(await response.json()).lessons;
    });
    return lessons;
  };
  let turn = 0;
  const update = async (): Promise<void> => {
    const query = input.value.trim();
    const myTurn = ++turn;
    if (query === '') {
      list.replaceChildren();
      status.textContent = '';
      root.dataset.state = 'empty';
      return;
    }
    try {
      const hits = searchLessons(await load(), query);
      if (myTurn !== turn) return; // a later keystroke has its own answer
      list.replaceChildren(...hits.map((hit) => resultItem(hit, lessonUrl)));
      status.textContent = hits.length === 0
        ? `No lesson mentions “${query}”. Try one word, e.g. timer or cache.`
        : `${hits.length} ${hits.length === 1 ? 'lesson matches' : 'lessons match'} “${query}”.`;
      root.dataset.state = 'done';
    } catch (err) {
      lessons = null; // try again on the next keystroke
      status.textContent = `Search is unavailable: ${err instanceof Error ? err.message : String(err)}`;
      root.dataset.state = 'failed';
    }
  };
  input.addEventListener('input', () => void update());
  input.addEventListener('focus', () => void load().catch(() => undefined), { once: true });
  const asked = new URLSearchParams(window.location.search).get('q');
  if (asked && root.hasAttribute('data-reads-query')) {
    input.value = asked;
    void update();
  }
}

function resultItem(hit: SearchHit, lessonUrl: (id: string) => string): HTMLLIElement {
  const li = document.createElement('li');
  const link = document.createElement('a');
  link.href = lessonUrl(hit.lesson.id);
  link.dataset.testid = 'search-result';
  link.dataset.lesson = hit.lesson.id;
  const number = document.createElement('span');
  number.className = 'lesson-number';
  number.textContent = String(hit.lesson.position).padStart(2, '0');
  const title = document.createElement('span');
  title.className = 'lesson-title';
  title.textContent = hit.lesson.title;
  link.append(number, title);
  const snippet = document.createElement('p');
  snippet.className = 'lesson-summary';
  for (const part of hit.snippet) {
    if (part.isMatch) {
      const mark = document.createElement('mark');
      mark.textContent = part.text;
      snippet.append(mark);
    } else {
      snippet.append(part.text);
    }
  }
  li.append(link, snippet);
  return li;
}
