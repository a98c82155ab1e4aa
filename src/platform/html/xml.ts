// Pure: text inside XML (feeds, Open311, DOCX). People's text may carry characters XML 1.0
// forbids (control characters, lone surrogates, U+FFFE/U+FFFF); they are dropped, never escaped.

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** `s` without the characters XML 1.0 forbids. */
export function stripNonXmlChars(s: string): string {
  return s.replace(INVALID_XML, '');
}

/** Text safe inside an XML element or a quoted attribute. */
export function xmlEscape(s: string): string {
  return stripNonXmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
