// The data every fake-provider fixture holds: one provider call (request and the provider's real response bytes)
// and the usage costtrace must read from it. Shared by the parser tests and the SDK end-to-end tests.
import type { CapturedUsage } from '../../src/providers/index.js';

/** Which request a fixture answers: a JSON call, a stream, or a stream that asked for `include_usage`. */
export type FixtureVariant = 'json' | 'stream' | 'stream-usage';

export interface ProviderFixture {
  /** Unique and readable: `openai chat stream`. */
  name: string;
  provider: string;
  /** The URL-mapping key when it is not the provider id (`fal:queue`). */
  key?: string;
  method: string;
  /** Path (and query) below the provider base in REAL_BASES, e.g. `/chat/completions`. */
  path: string;
  /** The JSON body the app sends, when it sends one. */
  requestBody?: unknown;
  /** @default 'json' */
  variant?: FixtureVariant;
  /** Top-level request body fields that select this fixture over others at the same path (else fixtures at one
   * path are served in order, the last repeating: polls that progress). */
  when?: Record<string, unknown>;
  response: { status: number; headers: Record<string, string>; body: string | Uint8Array };
  expected: {
    operation: string;
    requestModel?: string;
    streaming: boolean;
    billable: boolean;
    /** costtrace rewrites the request to ask for `stream_options.include_usage`. */
    injects: boolean;
    usage: CapturedUsage | undefined;
  };
}
