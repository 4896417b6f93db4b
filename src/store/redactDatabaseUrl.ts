/** The URL without its password, for logs and error messages. Never echoes an unparsable value. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '';
    url.searchParams.delete('password');
    return url.toString();
  } catch {
    return '<unparsable database URL>';
  }
}
