/** For the `default` branch of a switch over a union: the compiler proves it is never hit. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
