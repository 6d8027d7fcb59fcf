// The tracer costtrace's own spans come from: the one init() chose (the app's provider or a private one), else the
// global tracer (a no-op until some provider is registered), so track() works before or without init().
import { trace, type Tracer } from '@opentelemetry/api';
import { COSTTRACE_SCOPE_NAME, COSTTRACE_SCOPE_VERSION } from './semconv.js';

let current: Tracer | undefined;

export function costtraceTracer(): Tracer {
  return current ?? trace.getTracer(COSTTRACE_SCOPE_NAME, COSTTRACE_SCOPE_VERSION);
}

export function setCosttraceTracer(tracer: Tracer | undefined): void {
  current = tracer;
}
