/** Parses "all" or a comma-separated list of app names; unknown names stop the process with a clear message. */
export function resolveApps(spec: string | undefined, known: string[]): string[] {
  if (!spec || spec.trim() === 'all') {
    return known;
  }
  const names = [
    ...new Set(
      spec
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length || !names.length) {
    console.error(
      `DOCORA_APPS: unknown app(s) ${unknown.join(', ') || '(none given)'}; choose from all, ${known.join(', ')}`,
    );
    process.exit(1);
  }
  return names;
}
