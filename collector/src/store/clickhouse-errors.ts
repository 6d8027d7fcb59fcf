// Storage errors sorted by what to do about them: the rows are wrong (no retry fixes them), or ClickHouse could not
// be reached at all (wait for it). Anything else is a real problem to report.

/**
 * ClickHouse error codes that mean "these rows cannot be parsed or do not fit the column types"
 * (ATTEMPT_TO_READ_AFTER_EOF and CANNOT_READ_ALL_DATA for a cut-short binary block, CANNOT_PARSE_TEXT,
 * CANNOT_PARSE_ESCAPE_SEQUENCE, CANNOT_PARSE_QUOTED_STRING, CANNOT_PARSE_INPUT_ASSERTION_FAILED, CANNOT_PARSE_DATE, CANNOT_PARSE_DATETIME, TYPE_MISMATCH, ARGUMENT_OUT_OF_BOUND, CANNOT_CONVERT_TYPE,
 * CANNOT_PARSE_NUMBER, INCORRECT_DATA, TOO_LARGE_STRING_SIZE, VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE,
 * CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN, DECIMAL_OVERFLOW, and SYNTAX_ERROR: the INSERT statement is fixed and
 * tested, so in an insert only the data can be at fault, such as a type name read from a damaged binary block).
 * Retrying the same insert fails the same way forever.
 */
const MALFORMED_DATA_CODES = new Set([6, 25, 26, 27, 32, 33, 38, 41, 53, 62, 69, 70, 72, 117, 131, 321, 349, 407]);

/** The numeric ClickHouse error code, or undefined when ClickHouse did not answer (network, DNS, timeout). */
export function clickhouseErrorCode(error: unknown): number | undefined {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { clickhouseCode?: unknown } };
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  // Embedded storage passes some engine errors (syntax errors among them) on as the cause, with the code on it.
  return typeof cause?.clickhouseCode === 'number' ? cause.clickhouseCode : undefined;
}

/** True when ClickHouse refused an insert because of the rows themselves. */
export function isMalformedDataError(error: unknown): boolean {
  const code = clickhouseErrorCode(error);
  return code !== undefined && MALFORMED_DATA_CODES.has(code);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** True when ClickHouse could not be reached (refused, reset, DNS, timeout): worth waiting for, not a bad setting. */
export function isUnreachableError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && NETWORK_CODES.has(code)) || /^Timeout error|socket hang up/i.test(String(message));
}
