// What a floor manager would see wrong on a wall, measured in the page: anything outside the screen or its own
// panel, text cut off, text below the board's smallest size, figures below the figure floor, and how much of the
// screen the page's content spans. Run in the browser by page.evaluate(inspectLayout).

export interface LayoutReport {
  viewport: { w: number; h: number };
  figureMin: number;
  labelMin: number;
  /** The document scrolls (a scroll bar, or content cut off at the window's edge). */
  scrolls: boolean;
  /** Elements whose box leaves the screen or the panel (section, article, figure, li, header) they are in. */
  outside: string[];
  /** Elements whose content is wider or taller than their box while they clip it. */
  clipped: string[];
  /** Text smaller than the label floor. */
  small: string[];
  /** Font sizes of the figures (data-figure). */
  figures: number[];
  /** Font sizes of every text on the page (main), figure or not. */
  texts: number[];
  /** The page's content (main) spans this fraction of the screen's width and height. */
  span: { w: number; h: number };
}

export function inspectLayout(): LayoutReport {
  const wall = document.querySelector<HTMLElement>('[data-testid="wall"]')!;
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const figureMin = Number(wall.dataset.figureMin);
  const labelMin = Number(wall.dataset.labelMin);
  const name = (el: Element) => {
    const id = el.getAttribute('data-testid');
    const text = (el.textContent ?? '').trim().slice(0, 30);
    return `${el.tagName.toLowerCase()}${id ? `[${id}]` : el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} “${text}”`;
  };
  // The ticker's run scrolls by design, and chart internals are uPlot's.
  const skip = (el: Element) => el.closest('[data-testid="ticker"] .track, .plot') !== null;
  const all = [...wall.querySelectorAll('*')].filter(
    (el) => !skip(el) && !(el instanceof SVGElement && !(el instanceof SVGSVGElement)),
  );
  const TOL = 1.5;
  const outside: string[] = [];
  const clipped: string[] = [];
  const small: string[] = [];
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -TOL || r.top < -TOL || r.right > vw + TOL || r.bottom > vh + TOL)
      outside.push(`${name(el)} off screen`);
    const panel = el.parentElement?.closest('section, article, figure, li, header');
    if (panel && wall.contains(panel)) {
      const p = panel.getBoundingClientRect();
      if (r.left < p.left - TOL || r.top < p.top - TOL || r.right > p.right + TOL || r.bottom > p.bottom + TOL)
        outside.push(`${name(el)} outside ${name(panel)}`);
    }
    const style = getComputedStyle(el);
    if (
      el instanceof HTMLElement &&
      style.display !== 'inline' &&
      (el.scrollWidth > el.clientWidth + TOL || el.scrollHeight > el.clientHeight + TOL)
    ) {
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.textOverflow === 'ellipsis')
        clipped.push(name(el));
    }
    const ownText = [...el.childNodes].some(
      (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
    );
    if (ownText && parseFloat(style.fontSize) < labelMin - 0.5) small.push(`${name(el)} ${style.fontSize}`);
  }
  const texts: number[] = [];
  for (const el of wall.querySelectorAll('main *'))
    if ([...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== ''))
      texts.push(parseFloat(getComputedStyle(el).fontSize));
  const figures = [...wall.querySelectorAll<HTMLElement>('[data-figure]')].map((el) =>
    parseFloat(getComputedStyle(el).fontSize),
  );
  const main = wall.querySelector('main')!;
  let left = vw;
  let right = 0;
  let top = vh;
  let bottom = 0;
  for (const el of main.querySelectorAll('section, article, figure, li, [data-figure]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    left = Math.min(left, r.left);
    right = Math.max(right, r.right);
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
  }
  const doc = document.documentElement;
  return {
    viewport: { w: vw, h: vh },
    figureMin,
    labelMin,
    scrolls: doc.scrollWidth > vw || doc.scrollHeight > vh,
    outside,
    clipped,
    small,
    figures,
    texts,
    span: { w: Math.max(0, right - left) / vw, h: Math.max(0, bottom - top) / vh },
  };
}
