// Route builders for API families many providers share: the OpenAI-compatible endpoint set and Anthropic Messages.
import type { RouteSpec, UsageShape } from './catalog-types.js';
import { ANTHROPIC_MESSAGES, OPENAI_CHAT, OPENAI_EMBEDDINGS, OPENAI_RESPONSES } from './usage-shapes.js';

export interface OpenAiRouteOptions {
  /** The provider honours `stream_options.include_usage` on chat completions (and only sends usage then). */
  inject: boolean;
  chat?: UsageShape;
  responses?: UsageShape;
  /** Also match `{prefix}/v1/...` (providers whose docs show both spellings). */
  optionalV1?: boolean;
}

/** The OpenAI-compatible endpoints below `prefix`: chat and legacy completions, Responses, embeddings. */
export function openAiRoutes(prefix: string, options: OpenAiRouteOptions): RouteSpec[] {
  const p = `^${prefix}${options.optionalV1 ? '(?:/v1)?' : ''}`;
  const chat = options.chat ?? OPENAI_CHAT;
  return [
    { path: new RegExp(`${p}/chat/completions$`), operation: 'chat', shape: chat, injectIncludeUsage: options.inject },
    { path: new RegExp(`${p}/completions$`), operation: 'text_completion', shape: chat },
    { path: new RegExp(`${p}/responses$`), operation: 'chat', shape: options.responses ?? OPENAI_RESPONSES },
    { path: new RegExp(`${p}/embeddings$`), operation: 'embeddings', shape: OPENAI_EMBEDDINGS },
  ];
}

/** Anthropic Messages below `prefix` (Anthropic itself, and the Anthropic-compatible endpoints of others). */
export function anthropicRoutes(prefix: string, shape: UsageShape = ANTHROPIC_MESSAGES): RouteSpec[] {
  return [{ path: new RegExp(`^${prefix}/messages$`), operation: 'chat', shape }];
}
