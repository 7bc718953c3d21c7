/** Numbers, points, money and dates in the reader's locale, through `Intl` only. */
export interface Formats {
  readonly locale: string;
  points(points: number): string;
  /** A wire amount (`{ amount: "12.50", currency: "EUR" }`): a decimal string, never a float sum. */
  money(money: { amount: string; currency: string }): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  percent(percent: number): string;
}

export function formatsFor(locale: string): Formats {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    locale,
    points: (points) => integer.format(points),
    money: ({ amount, currency }) =>
      // Intl formats a decimal string exactly (no float on the way): "1234.56" stays 1234.56.
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount as `${number}`),
    date: (iso) => date.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    percent: (value) => percent.format(value / 100),
  };
}
