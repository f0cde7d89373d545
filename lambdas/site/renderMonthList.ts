import { monthName, type MonthSummary } from './archivePaths';
import { escapeHtml } from './escapeHtml';

/**
 * The way to every older article: each month that has articles, grouped by
 * year, newest first, with its count. It changes only when a month's count
 * does, so the page that carries it is rewritten with that month's page.
 *
 * @param urlOf the absolute URL of a month's page.
 */
export function renderMonthList(heading: string, months: readonly MonthSummary[], urlOf: (month: string) => string): string {
  const e = escapeHtml;
  if (months.length === 0) return '';
  const years = new Map<string, MonthSummary[]>();
  for (const summary of months) years.set(summary.month.slice(0, 4), [...(years.get(summary.month.slice(0, 4)) ?? []), summary]);
  const rows = [...years].map(([year, inYear]) => `<dt>${year}</dt>
<dd><ul>${inYear.map((m) => `<li><a href="${e(urlOf(m.month))}">${monthName(m.month)}</a> <span class="meta">${m.count}</span></li>`).join('')}</ul></dd>`);
  return `<nav class="archive" id="archive" aria-labelledby="archive-heading">
<h2 id="archive-heading">${e(heading)}</h2>
<dl>
${rows.join('\n')}
</dl>
</nav>`;
}
