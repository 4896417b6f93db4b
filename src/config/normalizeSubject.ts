/**
 * One spelling for a certificate's distinguished name, so a mapping written as `CN=erp-sync,O=Acme`
 * (RFC 4514 order, most specific first) matches Node's `X509Certificate.subject` (`O=Acme\nCN=erp-sync`,
 * certificate order). Attribute types are upper-cased and the attributes sorted; values keep their
 * case and their RFC 4514 escapes (`\,`), which Node also applies.
 */
export function normalizeSubject(subject: string): string {
  const parts = subject.includes('\n') ? subject.split('\n') : splitUnescaped(subject, ',');
  const attributes = parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      if (equals <= 0) throw new Error(`"${part}" is not TYPE=value`);
      return `${part.slice(0, equals).trim().toUpperCase()}=${part.slice(equals + 1).trim()}`;
    });
  if (attributes.length === 0) throw new Error('a subject needs at least one TYPE=value attribute');
  return attributes.sort().join(',');
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '\\' && index + 1 < text.length) {
      current += char + text[index + 1]!;
      index += 1;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
