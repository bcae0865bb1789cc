// Matches over time: the API's daily buckets as SVG bars (grouped by week or month over long spans).
// One tab stop; the arrow keys move between bars and Enter narrows the date range to a bar.

import { clear, formatDay, plural, svg } from './dom.js';

const DAY = 86_400_000;
const MAX_DAILY_BARS = 120;
const MIN_DAILY_BARS = 15;

function isoDay(time) {
  return new Date(time).toISOString().slice(0, 10);
}

/** Continuous bars (empty periods included) from daily buckets [{date, count}]. */
export function bucketize(histogram) {
  const points = (histogram ?? [])
    .map((b) => ({ time: Date.parse(`${b.date}T00:00:00Z`), count: Number(b.count) || 0 }))
    .filter((p) => Number.isFinite(p.time))
    .sort((a, b) => a.time - b.time);
  if (points.length === 0) {
    return { unit: 'day', bars: [] };
  }
  let first = points[0].time;
  let last = points[points.length - 1].time;
  const days = Math.round((last - first) / DAY) + 1;
  if (days < MIN_DAILY_BARS) {
    // A few days of news still get a time line around them, so one day is not one wall-to-wall bar.
    const before = Math.floor((MIN_DAILY_BARS - days) / 2);
    first -= before * DAY;
    last += (MIN_DAILY_BARS - days - before) * DAY;
  }
  const unit = days <= MAX_DAILY_BARS ? 'day' : days <= 7 * MAX_DAILY_BARS ? 'week' : 'month';
  const startOf = (time) => {
    const date = new Date(time);
    if (unit === 'day') {
      return time;
    }
    if (unit === 'week') {
      return time - ((date.getUTCDay() + 6) % 7) * DAY; // weeks start on Monday
    }
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  };
  const next = (time) => {
    if (unit === 'day') {
      return time + DAY;
    }
    if (unit === 'week') {
      return time + 7 * DAY;
    }
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  };
  const counts = new Map();
  for (const point of points) {
    const key = startOf(point.time);
    counts.set(key, (counts.get(key) ?? 0) + point.count);
  }
  const bars = [];
  for (let time = startOf(first); time <= last; time = next(time)) {
    bars.push({ from: isoDay(time), to: isoDay(next(time) - DAY), start: time, count: counts.get(time) ?? 0 });
  }
  return { unit, bars };
}

function label(bar, unit) {
  const period = unit === 'day' ? formatDay(new Date(bar.start))
    : unit === 'week' ? `Week of ${formatDay(new Date(bar.start))}`
    : new Date(bar.start).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${period}: ${plural(bar.count, 'match', 'matches')}`;
}

/**
 * Draws the histogram into the figure. onSelect(from, to) is called with ISO days when a bar is chosen;
 * bars inside [selectedFrom, selectedTo] are drawn as selected.
 */
export function drawHistogram(figure, histogram, { selectedFrom, selectedTo, onSelect }) {
  const { unit, bars } = bucketize(histogram);
  const plot = clear(figure.querySelector('.histogram-plot'));
  figure.hidden = bars.length === 0;
  if (bars.length === 0) {
    return;
  }
  const max = Math.max(1, ...bars.map((b) => b.count));
  const width = 10;
  const height = 100;
  const chart = svg('svg', {
    viewBox: `0 0 ${bars.length * width} ${height}`,
    preserveAspectRatio: 'none',
    role: 'group',
    'aria-label': `Matches per ${unit}. Use the arrow keys to move between bars and Enter to show only that ${unit}.`,
  });
  let focusIndex = 0;
  bars.forEach((bar, index) => {
    const barHeight = bar.count === 0 ? 0 : Math.max(3, (bar.count / max) * (height - 4));
    const selected = selectedFrom && selectedTo ? bar.from >= selectedFrom && bar.to <= selectedTo : false;
    if (selected) {
      focusIndex = index;
    }
    const text = label(bar, unit);
    const group = svg('g', {
      class: `bar${selected ? ' selected' : ''}${bar.count === 0 ? ' empty' : ''}`,
      role: 'button',
      tabindex: '-1',
      'aria-label': text,
      'aria-pressed': selected ? 'true' : 'false',
      dataset: { index: String(index) },
    },
    // A full-height transparent target makes short bars easy to hit.
    svg('rect', { class: 'target', x: index * width, y: 0, width, height }),
    svg('rect', { class: 'fill', x: index * width + 1, y: height - barHeight, width: width - 2, height: barHeight }),
    svg('title', { text }));
    chart.append(group);
  });
  const groups = [...chart.querySelectorAll('g.bar')];
  groups[focusIndex].setAttribute('tabindex', '0');
  const choose = (index) => onSelect(bars[index].from, bars[index].to);
  chart.addEventListener('click', (event) => {
    const group = event.target.closest('g.bar');
    if (group) {
      choose(Number(group.dataset.index));
    }
  });
  chart.addEventListener('keydown', (event) => {
    const group = event.target.closest('g.bar');
    if (!group) {
      return;
    }
    const index = Number(group.dataset.index);
    const moves = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: groups.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      const target = Math.min(groups.length - 1, Math.max(0, moves[event.key]));
      group.setAttribute('tabindex', '-1');
      groups[target].setAttribute('tabindex', '0');
      groups[target].focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(index);
    }
  });
  plot.append(chart);
  figure.querySelector('.axis-start').textContent = formatDay(new Date(bars[0].start));
  figure.querySelector('.axis-end').textContent = formatDay(new Date(bars[bars.length - 1].start));
}
