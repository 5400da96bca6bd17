import { z } from 'zod';
import { fitsTheDriver, loadProfileShape, tooBigForTheDriver } from './program.ts';

/**
 * What a load driver is started with, as JSON in its `LEAKLAB_LOAD` environment variable:
 * the run's load profile and the port to send it to (on the loopback). Read by sandbox/load.mjs
 * (autocannon, local runs) and sandbox/load-loop.mjs (node:http, inside WebContainer), which
 * take it as typed: the runner only ever writes it through `encodeLoadConfig`.
 */
export const loadConfigSchema = z.strictObject({
  port: z.number().int().min(1).max(65535),
  ...loadProfileShape,
}).refine(fitsTheDriver, tooBigForTheDriver);
export type LoadConfig = z.infer<typeof loadConfigSchema>;

/** The environment variable's value. Throws (a bug, not bad input) if the config breaks the schema. */
export function encodeLoadConfig(config: LoadConfig): string {
  return JSON.stringify(loadConfigSchema.parse(config));
}
