/**
 * Messages per locale, one flat dictionary per language with the same keys (the type makes a
 * missing translation a compile error). `{name}` placeholders are filled from an object.
 */
export type Messages<Key extends string> = Readonly<Record<Key, string>>;

export type Translate<Key extends string> = (key: Key, values?: Record<string, string | number>) => string;

export function translator<Key extends string>(messages: Messages<Key>): Translate<Key> {
  return (key, values) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      values !== undefined && name in values ? String(values[name]) : whole,
    );
}

/**
 * The first preferred locale (a profile's first, then the browser's) whose language is supported,
 * matched by language: `it-CH` reads Italian and keeps Swiss formats. The fallback is the first
 * supported language.
 */
export function chooseLocale<Language extends string>(
  supported: readonly Language[],
  preferred: readonly (string | null | undefined)[],
): { language: Language; locale: string } {
  for (const candidate of preferred) {
    if (candidate === null || candidate === undefined || candidate === '') continue;
    const language = supported.find((each) => each === candidate.toLowerCase().split(/[-_]/)[0]);
    if (language !== undefined) return { language, locale: candidate.replace('_', '-') };
  }
  const fallback = supported[0] as Language;
  return { language: fallback, locale: fallback };
}
