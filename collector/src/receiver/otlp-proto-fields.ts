// Field numbers and wire types of the opentelemetry-proto messages in an OTLP trace export, as tags to switch on.
// Source: open-telemetry/opentelemetry-proto collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
// common/v1/common.proto, resource/v1/resource.proto. Fields not listed (schema_url, trace_state, flags, events,
// links, dropped counts, entity_refs, ...) are skipped by wire type, like any unknown field.

/** Protobuf wire types. Groups (3, 4) are not used by proto3 and are rejected as corrupt input. */
export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/** A field's tag: its number and wire type in one varint. */
const tag = (field: number, wireType: number): number => (field << 3) | wireType;

/** ExportTraceServiceRequest.resource_spans = 1 */
export const REQUEST_RESOURCE_SPANS = tag(1, WIRE_LEN);

/** ResourceSpans.resource = 1, scope_spans = 2 */
export const RESOURCE_SPANS_RESOURCE = tag(1, WIRE_LEN);
export const RESOURCE_SPANS_SCOPE_SPANS = tag(2, WIRE_LEN);

/** Resource.attributes = 1 */
export const RESOURCE_ATTRIBUTES = tag(1, WIRE_LEN);

/** ScopeSpans.scope = 1, spans = 2 */
export const SCOPE_SPANS_SCOPE = tag(1, WIRE_LEN);
export const SCOPE_SPANS_SPANS = tag(2, WIRE_LEN);

/** InstrumentationScope.name = 1, version = 2, attributes = 3 */
export const SCOPE_NAME = tag(1, WIRE_LEN);
export const SCOPE_VERSION = tag(2, WIRE_LEN);
export const SCOPE_ATTRIBUTES = tag(3, WIRE_LEN);

/** Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6, start/end_time_unix_nano = 7/8
 * (fixed64), attributes = 9, status = 15 */
export const SPAN_TRACE_ID = tag(1, WIRE_LEN);
export const SPAN_SPAN_ID = tag(2, WIRE_LEN);
export const SPAN_PARENT_SPAN_ID = tag(4, WIRE_LEN);
export const SPAN_NAME = tag(5, WIRE_LEN);
export const SPAN_KIND = tag(6, WIRE_VARINT);
export const SPAN_START_TIME = tag(7, WIRE_I64);
export const SPAN_END_TIME = tag(8, WIRE_I64);
export const SPAN_ATTRIBUTES = tag(9, WIRE_LEN);
export const SPAN_STATUS = tag(15, WIRE_LEN);

/** Status.message = 2, code = 3 */
export const STATUS_MESSAGE = tag(2, WIRE_LEN);
export const STATUS_CODE = tag(3, WIRE_VARINT);

/** KeyValue.key = 1, value = 2; ArrayValue.values = 1 and KeyValueList.values = 1 share one tag. */
export const KEY_VALUE_KEY = tag(1, WIRE_LEN);
export const KEY_VALUE_VALUE = tag(2, WIRE_LEN);
export const LIST_VALUES = tag(1, WIRE_LEN);

/** AnyValue oneof: string = 1, bool = 2, int (int64 varint) = 3, double = 4, array = 5, kvlist = 6, bytes = 7 */
export const ANY_STRING = tag(1, WIRE_LEN);
export const ANY_BOOL = tag(2, WIRE_VARINT);
export const ANY_INT = tag(3, WIRE_VARINT);
export const ANY_DOUBLE = tag(4, WIRE_I64);
export const ANY_ARRAY = tag(5, WIRE_LEN);
export const ANY_KVLIST = tag(6, WIRE_LEN);
export const ANY_BYTES = tag(7, WIRE_LEN);
