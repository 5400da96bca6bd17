import type { RuntimeKind } from '../../runtime/runtime.ts';

/**
 * The runtimes the automatic choice may try. In presenter mode the page must not depend on the
 * network (a venue's wifi), and WebContainer boots from StackBlitz's servers, so the automatic
 * order skips it: local runner, else the recording, both from this origin. Asking for it by name
 * (`?runtime=webcontainer`) still works; the picker says so.
 */
export function runtimesForChoice(allowed: readonly RuntimeKind[], search: string, isPresenting: boolean): readonly RuntimeKind[] {
  const asked = new URLSearchParams(search).get('runtime');
  const isAutomatic = asked === null || asked === '' || asked === 'auto';
  return isPresenting && isAutomatic ? allowed.filter((k) => k !== 'webcontainer') : allowed;
}
