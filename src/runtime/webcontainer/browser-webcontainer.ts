// Browser-only: bundles the probe, the load loop and their frame markers as text (Vite `?raw`) and loads the real
// `@webcontainer/api` on demand, so pages that never use WebContainer never download it.
import probe from '../../../sandbox/probe.mjs?raw';
import loadLoop from '../../../sandbox/load-loop.mjs?raw';
import frameMarkers from '../../../sandbox/frame-markers.mjs?raw';
import { WebContainerRuntime } from './webcontainer-runtime.ts';

/** The WebContainer runtime with the real API; call `ready()` to boot it. */
export async function createBrowserWebContainerRuntime(): Promise<WebContainerRuntime> {
  const api = await import('@webcontainer/api');
  return new WebContainerRuntime(api, { sandbox: { probe, loadLoop, frameMarkers } });
}
