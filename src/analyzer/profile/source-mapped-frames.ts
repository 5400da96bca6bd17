import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import type { HeapProfile, RawFrame } from './heap-profile.ts';

/** A script's source map, and the URL it was found at (its `sources` are relative to it). */
export interface FoundSourceMap { map: RawSourceMap; mapUrl: string }

/** The source map of a script by its URL as the profile names it, or undefined when it has none. */
export type SourceMapLookup = (scriptUrl: string) => FoundSourceMap | undefined;

/**
 * The profile with each frame of a source-mapped script moved to its original source, line,
 * column and (when the map names it) function: a bundled or compiled program's allocations then
 * show in the files the user wrote. Frames the map does not cover stay as they were; frames
 * that land on the same original place are merged.
 */
export function withMappedFrames(profile: HeapProfile, lookup: SourceMapLookup): HeapProfile {
  const consumers = new Map<string, SourceMapConsumer | undefined>();
  const consumerFor = (url: string): SourceMapConsumer | undefined => {
    if (!consumers.has(url)) {
      const found = lookup(url);
      consumers.set(url, found ? new SourceMapConsumer(found.map, found.mapUrl) : undefined);
    }
    return consumers.get(url);
  };
  const frames: RawFrame[] = [];
  const ids = new Map<string, number>();
  const newId = profile.frames.map((frame) => {
    const mapped = mapFrame(frame, frame.url === '' || frame.line === 0 ? undefined : consumerFor(frame.url));
    const key = `${mapped.functionName}\0${mapped.url}\0${mapped.scriptId}\0${mapped.line}\0${mapped.column}`;
    let id = ids.get(key);
    if (id === undefined) { id = frames.length; frames.push(mapped); ids.set(key, id); }
    return id;
  });
  const frameOf = profile.nodes.frameOf.map((f) => newId[f]);
  return { ...profile, frames, nodes: { ...profile.nodes, frameOf } };
}

function mapFrame(frame: RawFrame, consumer: SourceMapConsumer | undefined): RawFrame {
  if (!consumer) return frame;
  // V8 gives where the function starts; the nearest mapping at or before it, else after it.
  const at = { line: frame.line, column: frame.column - 1 };
  let original = consumer.originalPositionFor({ ...at, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
  if (original.source === null || original.line === null) original = consumer.originalPositionFor({ ...at, bias: SourceMapConsumer.LEAST_UPPER_BOUND });
  if (original.source === null || original.line === null) return frame;
  return {
    functionName: original.name ?? frame.functionName,
    url: original.source,
    scriptId: frame.scriptId,
    line: original.line,
    column: (original.column ?? 0) + 1,
    generated: { url: frame.url, line: frame.line, column: frame.column },
  };
}
