// Who caused a call: app, feature, user, org and free-form metadata, read from span and resource attributes.
import { setAttribute, type AttributeValue, type DecodedSpan } from '../receiver/decoded-span.js';
import {
  COSTTRACE,
  FEATURE_FALLBACKS,
  META_PREFIXES,
  META_SINGLES,
  ORG_ID_FALLBACKS,
  SERVICE_NAME,
  USER_ID_FALLBACKS,
} from './attribute-keys.js';

export interface Attribution {
  app: string;
  feature: string;
  userId: string;
  orgId: string;
  meta: Record<string, string>;
}

/** Largest metadata value kept; longer ones are cut so one span cannot bloat a row. */
const MAX_META_VALUE = 1024;
const MAX_META_KEYS = 64;

export function readAttribution(span: DecodedSpan): Attribution {
  const { attributes, resource } = span;
  return {
    app: capped(text(resource[SERVICE_NAME]) ?? ''),
    feature: firstText(span, COSTTRACE.feature, FEATURE_FALLBACKS),
    userId: firstText(span, COSTTRACE.userId, USER_ID_FALLBACKS),
    orgId: firstText(span, COSTTRACE.orgId, ORG_ID_FALLBACKS),
    meta: readMeta(attributes),
  };
}

/** Ours on the span, then ours on the resource (apps that set attribution per process), then others' keys. */
function firstText(span: DecodedSpan, ours: string, fallbacks: readonly string[]): string {
  let value = text(span.attributes[ours]) ?? text(span.resource[ours]);
  for (let i = 0; value === undefined && i < fallbacks.length; i++) value = text(span.attributes[fallbacks[i]!]);
  return value === undefined ? '' : capped(value);
}

/** Cuts a value to MAX_META_VALUE characters so one span cannot bloat a row or a sort key. */
function capped(value: string): string {
  return value.length > MAX_META_VALUE ? value.slice(0, MAX_META_VALUE) : value;
}

function readMeta(attributes: Record<string, AttributeValue>): Record<string, string> {
  const meta: Record<string, string> = {};
  let count = 0;
  for (const key in attributes) {
    if (count >= MAX_META_KEYS) break;
    const name = metaNameOf(key);
    if (name === undefined) continue;
    const value = text(attributes[key]);
    // Our own keys win over the same key from another instrumentation's prefix.
    if (value === undefined || (Object.hasOwn(meta, name.key) && !name.ours)) continue;
    setAttribute(meta, name.key, capped(value));
    count++;
  }
  return meta;
}

interface MetaName {
  key: string;
  /** Set by costtrace (`costtrace.meta.*`), not by another instrumentation. */
  ours: boolean;
}

/** Attribute key → its metadata name (null: not metadata). The same few keys come in every span: look them up once. */
const metaNames = new Map<string, MetaName | null>();
/** Bounds the lookup table whatever keys arrive; clearing it only costs the next spans a re-classification. */
const MAX_CLASSIFIED_KEYS = 10_000;

function metaNameOf(key: string): MetaName | undefined {
  let name = metaNames.get(key);
  if (name === undefined) {
    name = classifyMetaKey(key);
    if (metaNames.size >= MAX_CLASSIFIED_KEYS) metaNames.clear();
    metaNames.set(key, name);
  }
  return name ?? undefined;
}

function classifyMetaKey(key: string): MetaName | null {
  if (Object.hasOwn(META_SINGLES, key)) return { key: META_SINGLES[key]!, ours: false };
  const prefix = META_PREFIXES.find((p) => key.startsWith(p));
  if (prefix === undefined || key.length === prefix.length) return null;
  return { key: key.slice(prefix.length), ours: prefix === COSTTRACE.metaPrefix };
}

/** A scalar attribute as text; arrays, maps, bytes and empty strings count as absent. */
export function text(value: AttributeValue | undefined): string | undefined {
  switch (typeof value) {
    case 'string':
      return value === '' ? undefined : value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      return undefined;
  }
}
