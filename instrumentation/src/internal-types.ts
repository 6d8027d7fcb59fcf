// Types shared inside the SDK and never exported from the package.
import type { AttributeScalar } from './types.js';

/** The attribution carried by the active OTel context. Immutable: scopes derive new ones. */
export interface Attribution {
  feature?: string;
  userId?: string;
  orgId?: string;
  meta: Readonly<Record<string, AttributeScalar>>;
  /** The enclosing HTTP server route, read lazily because frameworks match routes after middleware runs. */
  route?: () => string | undefined;
}

/** Options after defaults and environment were applied. */
export interface ResolvedConfig {
  app: string;
  endpoint: string;
  tracesUrl: string;
  apiKey?: string;
  providers: Record<string, string[]>;
  internalHosts: string[];
  sendUserToProvider: boolean;
  maxQueueSize: number;
  exportTimeoutMillis: number;
  scheduledDelayMillis: number;
}
