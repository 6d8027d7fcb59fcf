// Builds OpenAI-style chat completion streams the way each provider frames them, from one description, so the
// variants with and without the usage-only chunk differ exactly as the real provider's do.
import { sse, type SseEvent } from './stream-text.js';

/** How a provider reports usage in a chat stream. */
export type StreamUsageMode =
  /** No usage at all (OpenAI without include_usage). */
  | 'none'
  /** `"usage":null` on every chunk, then a usage-only chunk with `choices: []` (OpenAI with include_usage). */
  | 'include'
  /** Usage on the chunk carrying `finish_reason` (Mistral, Together). */
  | 'last'
  /** The same usage object on every chunk (Perplexity). */
  | 'every'
  /** Usage in `x_groq.usage` on the last chunk (Groq without include_usage). */
  | 'x_groq';

export interface ChatStream {
  id: string;
  model: string;
  created: number;
  /** Top-level fields the provider adds after `model` (system_fingerprint, service_tier, provider, citations...). */
  extra?: Record<string, unknown>;
  /** The answer's text pieces, one chunk each. */
  pieces: readonly string[];
  mode: StreamUsageMode;
  usage?: Record<string, unknown>;
  /** Also send a usage-only chunk after the last chunk (with `mode`), as providers honouring include_usage do. */
  usageChunk?: boolean;
}

export function chatStreamEvents(stream: ChatStream): SseEvent[] {
  const { id, model, created, extra = {}, pieces, mode, usage } = stream;
  const deltas: Record<string, unknown>[] = [{ role: 'assistant', content: '' }, ...pieces.map((content) => ({ content })), {}];
  const events: SseEvent[] = deltas.map((delta, i) => {
    const last = i === deltas.length - 1;
    const chunk: Record<string, unknown> = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      ...extra,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: last ? 'stop' : null }],
    };
    if (mode === 'include') chunk.usage = null;
    if (mode === 'every' || (mode === 'last' && last)) chunk.usage = usage;
    if (mode === 'x_groq' && last) chunk.x_groq = { id: `req_${id.slice(-8)}`, usage };
    return { data: chunk };
  });
  if (mode === 'include' || stream.usageChunk)
    events.push({ data: { id, object: 'chat.completion.chunk', created, model, ...extra, choices: [], usage } });
  events.push({ data: '[DONE]' });
  return events;
}

/** The SSE text of a chat stream. */
export function chatStream(stream: ChatStream): string {
  return sse(chatStreamEvents(stream));
}

/** A non-streaming chat completion with the same answer. */
export function chatCompletion(stream: Omit<ChatStream, 'mode'>): Record<string, unknown> {
  return {
    id: stream.id,
    object: 'chat.completion',
    created: stream.created,
    model: stream.model,
    ...stream.extra,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: stream.pieces.join(''), refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: stream.usage,
  };
}
