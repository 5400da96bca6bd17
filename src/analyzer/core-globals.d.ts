// The globals the analyzer core may use: those a Web Worker, Node and the CLI all have, typed for
// src/analyzer/tsconfig.json, which has neither the DOM's types nor Node's. Only what the core
// uses is declared; anything else it reaches for fails to compile there, which is the point.
// The project's own tsconfig excludes this file (the DOM lib declares these already).

interface TextDecoderOptions { fatal?: boolean; ignoreBOM?: boolean }
interface TextDecodeOptions { stream?: boolean }
declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
