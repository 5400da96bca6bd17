import type { RuntimeKind } from '../runtime/runtime.ts';

const TRYING_WORDS: Record<RuntimeKind, string> = {
  local: 'Connecting to the local runner…',
  webcontainer: 'Starting the in-browser runtime (WebContainer); this takes up to 10 s…',
  recorded: 'Loading the recording…',
};

/** What the page says while its runtime choice has not settled: what is being tried, if anything yet. */
export function tryingWords(kind: RuntimeKind | null): string {
  return kind ? TRYING_WORDS[kind] : 'Choosing a runtime…';
}
