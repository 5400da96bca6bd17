// Vite's `?raw` imports (text of a file), for tsc, which does not load astro/client's types here.
declare module '*?raw' {
  const text: string;
  export default text;
}
