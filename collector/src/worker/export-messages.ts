// The messages between the collector's main thread and its processing threads.
import type { OtlpEncoding } from '../http/otlp-response.js';
import type { PricerRecipe } from '../prices/pricer-recipe.js';
import type { ExportWork } from './export-work.js';

export type ToProcessingThread =
  /** Price everything after this with this recipe. */
  { type: 'pricer'; recipe: PricerRecipe } | { type: 'export'; id: number; body: Uint8Array; encoding: OtlpEncoding };

export type FromProcessingThread =
  | { id: number; work: Omit<ExportWork, 'block'> & { block: Uint8Array | undefined } }
  /** `decode`: the body was undecodable (a 400); otherwise a fault in costtrace. */
  | { id: number; failure: { decode: boolean; message: string } };
