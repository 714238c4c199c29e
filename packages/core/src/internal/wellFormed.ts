/** A lone UTF-16 surrogate: `encodeURIComponent` throws on it, `URLSearchParams` silently turns it into U+FFFD. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether a string is well-formed UTF-16 (`String.prototype.isWellFormed`), as all text that goes into a URL must be. */
export const isWellFormed = (value: string): boolean => !loneSurrogate.test(value)

/** Why a string that is not well-formed is refused. */
export const notWellFormed = "must be well-formed text: a lone UTF-16 surrogate cannot go into a URL"
