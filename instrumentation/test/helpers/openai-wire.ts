// OpenAI Chat Completions wire bytes for the scripted server: a JSON body, and an SSE stream that carries the
// usage-only chunk only when the request asked for it (as the real API does).
import type { ServerResponse } from 'node:http';

export const CHAT_USAGE = {
  prompt_tokens: 11,
  completion_tokens: 5,
  total_tokens: 16,
  prompt_tokens_details: { cached_tokens: 3 },
  completion_tokens_details: { reasoning_tokens: 2 },
};

export function chatJson(model: string): string {
  return JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
    usage: CHAT_USAGE,
    service_tier: 'default',
  });
}

/** The SSE events of a chat stream; the usage-only event is last and present only when `includeUsage`. */
export function chatStreamEvents(model: string, includeUsage: boolean): string[] {
  const chunk = (delta: object, finish: string | null) => ({
    id: 'chatcmpl-2',
    object: 'chat.completion.chunk',
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...(includeUsage && { usage: null }),
  });
  const events = [chunk({ role: 'assistant', content: 'Hel' }, null), chunk({ content: 'lo' }, null), chunk({}, 'stop')].map(
    (c) => `data: ${JSON.stringify(c)}\n\n`,
  );
  if (includeUsage)
    events.push(
      `data: ${JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion.chunk', model, choices: [], usage: CHAT_USAGE })}\n\n`,
    );
  events.push('data: [DONE]\n\n');
  return events;
}

export function asksForUsage(body: string): boolean {
  try {
    return (JSON.parse(body) as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage === true;
  } catch {
    return false;
  }
}

export function writeSse(res: ServerResponse, events: string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req-1' });
  for (const event of events) res.write(event);
  res.end();
}
